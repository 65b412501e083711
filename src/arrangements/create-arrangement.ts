import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { ArrangementFrequency } from '../db/schema.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { AppError, notice } from '../errors.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';
import { buildInstalmentSchedule } from './instalment-schedule.ts';

/** The origin of an arrangement request: the customer card, the debtor portal or the API. */
export type ArrangementSource = 'card' | 'portal' | 'api';

/** Statuses in which an arrangement claims its invoices: another may not include them. */
export const CLAIMING_STATUSES = ['requested', 'active'] as const;

export interface CreateArrangementParams {
  organisationId: string;
  debtorId: string;
  invoiceIds: readonly string[];
  instalmentCount: number;
  frequency: ArrangementFrequency;
  firstDueDate: PlainDate;
  /** Amounts per instalment as decimal strings, such as "250.00"; absent splits the open total evenly. */
  amounts?: readonly string[] | undefined;
  reminderDaysBefore?: number | undefined;
  note?: string | null | undefined;
  source: ArrangementSource;
  /** Make the arrangement active at once; only honoured when `canApprove`. */
  approve: boolean;
  /** Whether the creator has payments.manage. */
  canApprove: boolean;
  actor: string;
  now: Date;
  /** Limits a debtor's own request: the first instalment and the last within these days of today. */
  dateLimits?: { maxFirstDueDays: number; maxScheduleDays: number } | undefined;
}

/**
 * Creates a payment arrangement for open invoices of one debtor with its
 * instalments, in the caller's transaction. The arrangement covers what is
 * open on the invoices (principal and charges), which must be in one
 * currency and claimed by no other requested or active arrangement. It is
 * active at once when the creator may approve and requests that, else requested.
 * Locks the invoice rows, so two concurrent requests cannot claim the same
 * invoice. Audited as 'arrangement.created'. Returns the new id.
 */
export async function createArrangement(
  executor: Executor,
  params: CreateArrangementParams,
): Promise<string> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .select(['d.id', 'd.entity_id', 'e.time_zone'])
    .where('d.id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }
  const today = todayForEntity(debtor, params.now);
  const invoiceIds = [...new Set(params.invoiceIds)];
  if (invoiceIds.length === 0) {
    throw new AppError('invalid_input', 'invoiceIds is empty; choose at least one open invoice.');
  }

  await executor
    .selectFrom('invoices')
    .select('id')
    .where('id', 'in', invoiceIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds,
  });
  const byId = new Map(balances.map((balance) => [balance.invoiceId, balance]));
  for (const invoiceId of invoiceIds) {
    const balance = byId.get(invoiceId);
    if (!balance || balance.debtorId !== debtor.id) {
      throw new AppError(
        'invalid_input',
        `Invoice ${invoiceId} is not an invoice of this debtor; choose the debtor's own open invoices.`,
      );
    }
    if (balance.kind !== 'invoice' || balance.totalOpenMinor <= 0) {
      throw new AppError(
        'invalid_input',
        `Invoice ${balance.number} has nothing open; choose only open invoices.`,
      );
    }
  }
  const currencies = [...new Set(balances.map((balance) => balance.currency))];
  const [currency = ''] = currencies;
  if (currencies.length > 1) {
    throw new AppError(
      'invalid_input',
      `The invoices are in ${currencies.join(' and ')}; an arrangement covers invoices of one currency.`,
    );
  }
  await rejectClaimedInvoices(executor, invoiceIds);

  const totalMinor = balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  const schedule = buildInstalmentSchedule({
    currency,
    totalMinor,
    instalmentCount: params.instalmentCount,
    frequency: params.frequency,
    firstDueDate: params.firstDueDate,
    amountsMinor: params.amounts?.map((amount, index) =>
      parseInstalmentAmount(amount, index, currency),
    ),
  });
  if (params.firstDueDate < today) {
    throw new AppError(
      'invalid_input',
      notice('first_due_date_past', { date: params.firstDueDate, today }),
    );
  }
  if (params.dateLimits) {
    const latestFirst = addDays(today, params.dateLimits.maxFirstDueDays);
    const latestLast = addDays(today, params.dateLimits.maxScheduleDays);
    const lastDueDate = schedule.at(-1)?.dueDate ?? params.firstDueDate;
    if (params.firstDueDate > latestFirst) {
      throw new AppError(
        'invalid_input',
        notice('portal_first_due_date_too_late', {
          date: params.firstDueDate,
          latest: latestFirst,
          days: params.dateLimits.maxFirstDueDays,
        }),
      );
    }
    if (lastDueDate > latestLast) {
      throw new AppError(
        'invalid_input',
        notice('portal_schedule_too_long', { date: lastDueDate, latest: latestLast }),
      );
    }
  }

  const active = params.approve && params.canApprove;
  const arrangement = await executor
    .insertInto('arrangements')
    .values({
      organisation_id: params.organisationId,
      entity_id: debtor.entity_id,
      debtor_id: debtor.id,
      status: active ? 'active' : 'requested',
      source: params.source,
      currency,
      total_minor: totalMinor,
      instalment_count: params.instalmentCount,
      frequency: params.frequency,
      first_due_date: params.firstDueDate,
      ...(params.reminderDaysBefore !== undefined && {
        reminder_days_before: params.reminderDaysBefore,
      }),
      note: params.note ?? null,
      requested_by: params.actor,
      decided_by: active ? params.actor : null,
      decided_at: active ? params.now : null,
      decision_note: null,
      broken_on: null,
      completed_on: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await executor
    .insertInto('arrangement_invoices')
    .values(
      balances.map((balance) => ({
        organisation_id: params.organisationId,
        arrangement_id: arrangement.id,
        invoice_id: balance.invoiceId,
        open_minor: balance.totalOpenMinor,
      })),
    )
    .execute();
  await executor
    .insertInto('instalments')
    .values(
      schedule.map((instalment) => ({
        organisation_id: params.organisationId,
        entity_id: debtor.entity_id,
        arrangement_id: arrangement.id,
        sequence: instalment.sequence,
        due_date: instalment.dueDate,
        amount_minor: instalment.amountMinor,
        paid_on: null,
        reminder_message_id: null,
      })),
    )
    .execute();

  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'arrangement.created',
    subjectType: 'arrangement',
    subjectId: arrangement.id,
    entityId: debtor.entity_id,
    after: {
      status: active ? 'active' : 'requested',
      source: params.source,
      debtorId: debtor.id,
      invoices: balances.map((balance) => balance.number),
      total: `${formatDecimal(totalMinor, currency)} ${currency}`,
      instalments: schedule.map((instalment) => ({
        dueDate: instalment.dueDate,
        amount: formatDecimal(instalment.amountMinor, currency),
      })),
    },
  });

  return arrangement.id;
}

/** Throws conflict when an invoice is in a requested or active arrangement already. */
async function rejectClaimedInvoices(executor: Executor, invoiceIds: string[]): Promise<void> {
  const claimed = await executor
    .selectFrom('arrangement_invoices as ai')
    .innerJoin('arrangements as a', 'a.id', 'ai.arrangement_id')
    .innerJoin('invoices as i', 'i.id', 'ai.invoice_id')
    .select(['i.number', 'a.id', 'a.status'])
    .where('ai.invoice_id', '=', sql<string>`any(${invoiceIds}::uuid[])`)
    .where('a.status', 'in', CLAIMING_STATUSES)
    .orderBy('i.number')
    .execute();
  const [first] = claimed;
  if (first) {
    throw new AppError(
      'conflict',
      `Invoice ${first.number} is in ${first.status} arrangement ${first.id} already; cancel that arrangement first or leave the invoice out.`,
    );
  }
}

function parseInstalmentAmount(amount: string, index: number, currency: string): number {
  try {
    return parseAmount(amount, currency);
  } catch (error) {
    if (error instanceof AmountParseError) {
      throw new AppError(
        'invalid_input',
        notice('instalment_amount_invalid', { index, amount, problem: error.message, currency }),
      );
    }
    throw error;
  }
}
