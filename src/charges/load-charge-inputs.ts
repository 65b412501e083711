import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ChargeKind } from '../db/schema.ts';
import { dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';
import { FOURTEEN_DAY_LETTER_TEMPLATE } from '../profiles/profile-presets.ts';

/** A dunning state whose step charges something, with what the charge needs of the step, invoice and debtor. */
export interface ChargeableState {
  invoiceId: string;
  invoiceNumber: string;
  stepId: string;
  stepName: string;
  reachedOn: PlainDate;
  runId: string;
  messageId: string | null;
  callTaskId: string | null;
  addsCollectionCosts: boolean;
  addsInterest: boolean;
  feeFixedMinor: number;
  feeBasisPoints: number;
  interestBasis: 'statutory' | 'contractual';
  contractualInterestBasisPoints: number | null;
  debtorId: string;
  debtorKind: 'b2b' | 'b2c';
  contractCostsBasisPoints: number | null;
  currency: string;
  dueDate: PlainDate;
}

/**
 * Loads the dunning states to charge: every state of the run `runId` whose
 * step charges costs, interest or a fee, and the consumer (b2c) states of
 * earlier runs whose step charges collection costs that the invoice does
 * not have yet. Those wait for the fourteen-day term, so a later run
 * charges them once it has passed. Credit notes are never charged.
 */
export async function loadChargeableStates(
  executor: Executor,
  params: { entityId: string; runId: string },
): Promise<ChargeableState[]> {
  const rows = await executor
    .selectFrom('dunning_states as ds')
    .innerJoin('steps as s', 's.id', 'ds.step_id')
    .innerJoin('invoices as i', 'i.id', 'ds.invoice_id')
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .select([
      'ds.invoice_id',
      'i.number',
      'ds.step_id',
      's.name',
      'ds.reached_on',
      'ds.run_id',
      'ds.message_id',
      'ds.call_task_id',
      's.adds_collection_costs',
      's.adds_interest',
      's.fee_fixed_minor',
      's.fee_basis_points',
      's.interest_basis',
      's.contractual_interest_basis_points',
      'i.debtor_id',
      'd.kind',
      'd.contract_costs_basis_points',
      'i.currency',
      'i.due_date',
    ])
    .where('i.entity_id', '=', params.entityId)
    .where('i.kind', '=', 'invoice')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('ds.run_id', '=', params.runId),
          eb.or([
            eb('s.adds_collection_costs', '=', true),
            eb('s.adds_interest', '=', true),
            eb('s.fee_fixed_minor', '>', 0),
            eb('s.fee_basis_points', '>', 0),
          ]),
        ]),
        eb.and([
          eb('d.kind', '=', 'b2c'),
          eb('s.adds_collection_costs', '=', true),
          eb.not(
            eb.exists(
              eb
                .selectFrom('charges as c')
                .select('c.id')
                .whereRef('c.invoice_id', '=', 'ds.invoice_id')
                .where('c.kind', '=', 'collection_costs'),
            ),
          ),
        ]),
      ]),
    )
    .orderBy('i.due_date')
    .orderBy('i.number')
    .execute();

  return rows.map((row) => ({
    invoiceId: row.invoice_id,
    invoiceNumber: row.number,
    stepId: row.step_id,
    stepName: row.name,
    reachedOn: row.reached_on,
    runId: row.run_id,
    messageId: row.message_id,
    callTaskId: row.call_task_id,
    addsCollectionCosts: row.adds_collection_costs,
    addsInterest: row.adds_interest,
    feeFixedMinor: Number(row.fee_fixed_minor),
    feeBasisPoints: row.fee_basis_points,
    interestBasis: row.interest_basis,
    contractualInterestBasisPoints: row.contractual_interest_basis_points,
    debtorId: row.debtor_id,
    debtorKind: row.kind,
    contractCostsBasisPoints: row.contract_costs_basis_points,
    currency: row.currency,
    dueDate: row.due_date,
  }));
}

/**
 * Loads each invoice's principal open at the end of `on`: its amount minus
 * the principal allocations of payments dated on or before that day, and 0
 * once a snapshot import closed it on or before that day.
 */
export async function loadPrincipalOpenOn(
  executor: Executor,
  params: { invoiceIds: readonly string[]; on: PlainDate },
): Promise<Map<string, number>> {
  if (params.invoiceIds.length === 0) {
    return new Map();
  }
  const paid = executor
    .selectFrom('allocations as a')
    .innerJoin('payments as p', 'p.id', 'a.payment_id')
    .select(['a.invoice_id', sql<number>`sum(a.amount_minor)`.as('paid_minor')])
    .where('p.payment_date', '<=', params.on)
    .where('a.invoice_id', 'in', params.invoiceIds)
    .groupBy('a.invoice_id');
  const rows = await executor
    .selectFrom('invoices as i')
    .leftJoin(paid.as('paid'), 'paid.invoice_id', 'i.id')
    .select([
      'i.id',
      sql<number>`(case when i.closed_on is not null and i.closed_on <= ${params.on} then 0
        else i.amount_minor - coalesce(paid.paid_minor, 0) end)::bigint`.as('open_minor'),
    ])
    .where('i.id', 'in', params.invoiceIds)
    .execute();

  return new Map(rows.map((row) => [row.id, Number(row.open_minor)]));
}

/** The charges the invoices already have, as the run needs them. */
export interface ExistingCharges {
  /** Invoices with a collection costs charge, waived or not: costs are charged once per invoice. */
  withCosts: Set<string>;
  /** Interest charged so far per invoice, waived charges included. */
  interestMinor: Map<string, number>;
}

export async function loadExistingCharges(
  executor: Executor,
  invoiceIds: readonly string[],
): Promise<ExistingCharges> {
  const existing: ExistingCharges = { withCosts: new Set(), interestMinor: new Map() };
  if (invoiceIds.length === 0) {
    return existing;
  }
  const rows = await executor
    .selectFrom('charges')
    .select(['invoice_id', 'kind', sql<number>`sum(amount_minor)`.as('amount_minor')])
    .where('invoice_id', 'in', invoiceIds)
    .where('kind', 'in', ['collection_costs', 'interest'] satisfies ChargeKind[])
    .groupBy(['invoice_id', 'kind'])
    .execute();
  for (const row of rows) {
    if (row.kind === 'collection_costs') {
      existing.withCosts.add(row.invoice_id);
    } else {
      existing.interestMinor.set(row.invoice_id, Number(row.amount_minor));
    }
  }

  return existing;
}

/** The sent fourteen-day letter of an invoice. */
export interface SentFourteenDayLetter {
  messageId: string;
  channel: string;
  /** The business date it was sent, in the entity's time zone. */
  sentOn: PlainDate;
  /** The message total the letter stated costs over (messages.total_minor). */
  statedTotalMinor: number;
}

/**
 * Loads, per invoice, the first sent message of a fourteen-day letter step:
 * a step marked is_fourteen_day_letter, or one that uses the
 * fourteen-day letter template. A letter still pending, removed or failed
 * does not count.
 */
export async function loadSentFourteenDayLetters(
  executor: Executor,
  params: { invoiceIds: readonly string[]; timeZone: string },
): Promise<Map<string, SentFourteenDayLetter>> {
  if (params.invoiceIds.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('dunning_states as ds')
    .innerJoin('steps as s', 's.id', 'ds.step_id')
    .innerJoin('messages as m', 'm.id', 'ds.message_id')
    .select(['ds.invoice_id', 'm.id', 'm.channel', 'm.sent_at', 'm.total_minor'])
    .where('ds.invoice_id', 'in', params.invoiceIds)
    .where((eb) =>
      eb.or([
        eb('s.is_fourteen_day_letter', '=', true),
        eb('s.template_key', '=', FOURTEEN_DAY_LETTER_TEMPLATE),
      ]),
    )
    .where('m.status', '=', 'sent')
    .where('m.sent_at', 'is not', null)
    .orderBy('m.sent_at')
    .execute();

  const letters = new Map<string, SentFourteenDayLetter>();
  for (const row of rows) {
    if (letters.has(row.invoice_id) || !row.sent_at) {
      continue;
    }
    letters.set(row.invoice_id, {
      messageId: row.id,
      channel: row.channel,
      sentOn: dateInTimeZone(new Date(row.sent_at), params.timeZone),
      statedTotalMinor: Number(row.total_minor),
    });
  }

  return letters;
}

/** The first step an invoice reached after its due date, the reminder that puts a consumer in default. */
export interface FirstReminder {
  reachedOn: PlainDate;
  channel: string;
}

export async function loadFirstReminders(
  executor: Executor,
  invoiceIds: readonly string[],
): Promise<Map<string, FirstReminder>> {
  if (invoiceIds.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('dunning_states as ds')
    .innerJoin('invoices as i', 'i.id', 'ds.invoice_id')
    .innerJoin('steps as s', 's.id', 'ds.step_id')
    .leftJoin('messages as m', 'm.id', 'ds.message_id')
    .select(['ds.invoice_id', 'ds.reached_on', 's.channel as step_channel', 'm.channel'])
    .where('ds.invoice_id', 'in', invoiceIds)
    .whereRef('ds.reached_on', '>', 'i.due_date')
    .orderBy('ds.reached_on')
    .execute();

  const reminders = new Map<string, FirstReminder>();
  for (const row of rows) {
    if (!reminders.has(row.invoice_id)) {
      reminders.set(row.invoice_id, {
        reachedOn: row.reached_on,
        channel: row.channel ?? row.step_channel,
      });
    }
  }

  return reminders;
}
