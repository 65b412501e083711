import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { PromiseChannel } from '../db/schema.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { formatDecimal } from '../money/money.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { applyPaymentsToInstalments, loadArrangementPayments } from './instalment-progress.ts';

export interface ArrangementEvaluation {
  /** Instalments newly found paid. */
  paid: number;
  completed: number;
  broken: number;
}

interface ActiveArrangement {
  id: string;
  organisation_id: string;
  entity_id: string;
  debtor_id: string;
  source: 'card' | 'portal' | 'api';
  currency: string;
  arrangement_grace_days: number;
  time_zone: string;
}

/**
 * Settles the active arrangements visible in the transaction, as on each
 * entity's local today at `now` (or `asOf`, for a dunning run of that
 * date). Payments pay the instalments in order (see
 * applyPaymentsToInstalments). Once all are paid the arrangement is
 * completed. An instalment still unpaid after its due date plus the
 * entity's arrangement_grace_days breaks it. The arrangement is then
 * broken, a broken promise to pay records the missed instalment so that
 * it counts in the debtor's payment behaviour, and a call task (reason
 * broken_arrangement) puts the debtor on the call list. Dunning of the
 * invoices resumes from the break date (see resumedDueDate). Audited.
 */
export async function evaluateArrangements(
  executor: Executor,
  params: { organisationId: string; now: Date; actor: string; entityId?: string; asOf?: PlainDate },
): Promise<ArrangementEvaluation> {
  let query = executor
    .selectFrom('arrangements as a')
    .innerJoin('entities as e', 'e.id', 'a.entity_id')
    .select([
      'a.id',
      'a.organisation_id',
      'a.entity_id',
      'a.debtor_id',
      'a.source',
      'a.currency',
      'e.arrangement_grace_days',
      'e.time_zone',
    ])
    .where('a.status', '=', 'active')
    .orderBy('a.requested_at')
    .forUpdate('a');
  if (params.entityId) {
    query = query.where('a.entity_id', '=', params.entityId);
  }
  const arrangements = await query.execute();
  const payments = await loadArrangementPayments(
    executor,
    arrangements.map((arrangement) => arrangement.id),
  );
  const result: ArrangementEvaluation = { paid: 0, completed: 0, broken: 0 };

  for (const arrangement of arrangements) {
    const today = params.asOf ?? todayForEntity(arrangement, params.now);
    const instalments = await executor
      .selectFrom('instalments')
      .select(['id', 'sequence', 'due_date', 'amount_minor', 'status'])
      .where('arrangement_id', '=', arrangement.id)
      .orderBy('sequence')
      .execute();
    const progress = applyPaymentsToInstalments(
      instalments.map((row) => ({
        sequence: row.sequence,
        dueDate: row.due_date,
        amountMinor: Number(row.amount_minor),
      })),
      payments.get(arrangement.id) ?? [],
    );

    for (const [index, instalment] of instalments.entries()) {
      const paidOn = progress[index]?.paidOn ?? null;
      if (instalment.status === 'open' && paidOn !== null && paidOn <= today) {
        await executor
          .updateTable('instalments')
          .set({ status: 'paid', paid_on: paidOn })
          .where('id', '=', instalment.id)
          .execute();
        instalment.status = 'paid';
        result.paid += 1;
      }
    }

    const firstOpen = instalments.find((instalment) => instalment.status === 'open');
    if (!firstOpen) {
      await completeArrangement(executor, { params, arrangement, today });
      result.completed += 1;
      continue;
    }
    const breakDate = addDays(firstOpen.due_date, arrangement.arrangement_grace_days + 1);
    if (breakDate <= today) {
      const paidMinor = progress.find((entry) => entry.sequence === firstOpen.sequence)?.paidMinor;
      await breakArrangement(executor, {
        params,
        arrangement,
        missed: { ...firstOpen, amount_minor: Number(firstOpen.amount_minor) },
        paidMinor: paidMinor ?? 0,
        breakDate,
      });
      result.broken += 1;
    }
  }

  return result;
}

async function completeArrangement(
  executor: Executor,
  context: {
    params: { organisationId: string; actor: string };
    arrangement: ActiveArrangement;
    today: PlainDate;
  },
): Promise<void> {
  const { params, arrangement, today } = context;
  await executor
    .updateTable('arrangements')
    .set({ status: 'completed', completed_on: today, updated_at: sql`now()` })
    .where('id', '=', arrangement.id)
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'arrangement.completed',
    subjectType: 'arrangement',
    subjectId: arrangement.id,
    entityId: arrangement.entity_id,
    before: { status: 'active' },
    after: { status: 'completed', completedOn: today },
  });
}

/** The promise channel that matches where the arrangement came from. */
const PROMISE_CHANNEL: Record<ActiveArrangement['source'], PromiseChannel> = {
  card: 'other',
  portal: 'portal',
  api: 'other',
};

async function breakArrangement(
  executor: Executor,
  context: {
    params: { organisationId: string; actor: string };
    arrangement: ActiveArrangement;
    missed: { id: string; sequence: number; due_date: PlainDate; amount_minor: number };
    paidMinor: number;
    breakDate: PlainDate;
  },
): Promise<void> {
  const { params, arrangement, missed, breakDate } = context;
  const money = (minor: number) => formatDecimal(minor, arrangement.currency);
  await executor
    .updateTable('instalments')
    .set({ status: 'missed' })
    .where('id', '=', missed.id)
    .execute();
  await executor
    .updateTable('arrangements')
    .set({ status: 'broken', broken_on: breakDate, updated_at: sql`now()` })
    .where('id', '=', arrangement.id)
    .execute();

  const promise = await executor
    .insertInto('promises')
    .values({
      organisation_id: params.organisationId,
      entity_id: arrangement.entity_id,
      debtor_id: arrangement.debtor_id,
      call_task_id: null,
      promised_date: missed.due_date,
      currency: arrangement.currency,
      amount_minor: missed.amount_minor,
      status: 'broken',
      note: `Instalment ${missed.sequence} of a payment arrangement, missed.`,
      arrangement_id: arrangement.id,
      channel: PROMISE_CHANNEL[arrangement.source],
      settled_on: breakDate,
      created_by: params.actor,
      created_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const invoiceIds = await executor
    .selectFrom('arrangement_invoices')
    .select('invoice_id')
    .where('arrangement_id', '=', arrangement.id)
    .execute();
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds: invoiceIds.map((row) => row.invoice_id),
  });
  const openMinor = balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  await executor
    .insertInto('call_tasks')
    .values({
      organisation_id: params.organisationId,
      entity_id: arrangement.entity_id,
      run_id: null,
      debtor_id: arrangement.debtor_id,
      step_id: null,
      reason: 'broken_arrangement',
      promise_id: null,
      arrangement_id: arrangement.id,
      due_date: breakDate,
      currency: arrangement.currency,
      total_minor: Math.max(0, openMinor),
      outcome: null,
      note: null,
      explanation: JSON.stringify({
        reason: `Payment arrangement broken: instalment ${missed.sequence} of ${money(missed.amount_minor)} ${arrangement.currency} due ${missed.due_date} is unpaid.`,
        arrangementId: arrangement.id,
        invoices: balances.map((balance) => ({ id: balance.invoiceId, number: balance.number })),
      }),
      retry_on: null,
      created_at: new Date(),
    })
    .execute();

  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'arrangement.broken',
    subjectType: 'arrangement',
    subjectId: arrangement.id,
    entityId: arrangement.entity_id,
    before: { status: 'active' },
    after: {
      status: 'broken',
      brokenOn: breakDate,
      missedInstalment: missed.sequence,
      dueDate: missed.due_date,
      paid: money(context.paidMinor),
      promiseId: promise.id,
    },
  });
}
