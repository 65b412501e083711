import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { formatDecimal } from '../money/money.ts';
import { paymentRemainder } from '../payments/allocate-payment.ts';

/** A booked reversal or return (money going back) with the bank's references of it. */
export interface ReversalToMatch {
  organisationId: string;
  entityId: string;
  paymentId: string;
  paymentDate: string;
  currency: string;
  /** Negative: the amount going back. */
  amountMinor: number;
  endToEndId?: string;
  bankReference?: string;
  counterpartyIban?: string;
}

/**
 * Finds the receipt that a reversal or return takes back and undoes its
 * allocations. Returns the id of that receipt, or undefined when none is
 * found, in which case the reversal waits in the queue of unmatched payments.
 *
 * The receipt is a bank receipt of the same entity, currency and opposite
 * amount that nothing reversed yet, sought by end-to-end id, then by bank
 * reference, then by counterparty IBAN; the latest one wins.
 *
 * Undoing writes the original's allocations, negated, on the reversal, so
 * the history stays visible and the invoices are open again. When the
 * receipt kept an unallocated remainder, the reversal's own remainder is
 * its negative: the two cancel out, so both are dismissed from the queue.
 */
export async function reversePayment(
  executor: Executor,
  reversal: ReversalToMatch,
  actor: string,
): Promise<string | undefined> {
  const original = await findReversedReceipt(executor, reversal);
  if (original === undefined) {
    return undefined;
  }

  await negateAllocations(executor, reversal, original.id);
  await executor
    .updateTable('payments')
    .set({
      reverses_payment_id: original.id,
      debtor_id: original.debtor_id,
      matched_at: sql`now()`,
      matched_by: actor,
    })
    .where('id', '=', reversal.paymentId)
    .execute();

  const remainder = await paymentRemainder(executor, original.id);
  if (remainder !== 0) {
    const reason = `cancelled out: payment ${reversal.paymentId} of ${reversal.paymentDate} takes back payment ${original.id}`;
    await executor
      .updateTable('payments')
      .set({ dismissed_at: sql`now()`, dismissed_by: actor, dismiss_reason: reason })
      .where('id', 'in', [original.id, reversal.paymentId])
      .where('dismissed_at', 'is', null)
      .execute();
  }
  await recordAudit(executor, {
    organisationId: reversal.organisationId,
    actor,
    action: 'payment.reversed',
    subjectType: 'payment',
    subjectId: original.id,
    entityId: reversal.entityId,
    after: {
      reversalPaymentId: reversal.paymentId,
      amount: formatDecimal(reversal.amountMinor, reversal.currency),
    },
  });

  return original.id;
}

async function findReversedReceipt(executor: Executor, reversal: ReversalToMatch) {
  const candidates = executor
    .selectFrom('payments as p')
    .select(['p.id', 'p.debtor_id'])
    .where('p.entity_id', '=', reversal.entityId)
    .where('p.source', '=', 'bank')
    .where('p.booking_kind', '=', 'receipt')
    .where('p.currency', '=', reversal.currency)
    .where('p.amount_minor', '=', -reversal.amountMinor)
    .where('p.id', '<>', reversal.paymentId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payments as r').select('r.id').whereRef('r.reverses_payment_id', '=', 'p.id'),
        ),
      ),
    )
    .orderBy('p.payment_date', 'desc')
    .orderBy('p.created_at', 'desc')
    .limit(1)
    .forUpdate();
  const lookups = [
    ['p.end_to_end_id', reversal.endToEndId],
    ['p.bank_reference', reversal.bankReference],
    ['p.counterparty_iban', reversal.counterpartyIban],
  ] as const;

  for (const [column, value] of lookups) {
    if (value === undefined) {
      continue;
    }
    const found = await candidates.where(column, '=', value).executeTakeFirst();
    if (found) {
      return found;
    }
  }

  return undefined;
}

/** Writes the original's allocations and charge allocations, summed and negated, on the reversal. */
async function negateAllocations(
  executor: Executor,
  reversal: ReversalToMatch,
  originalId: string,
): Promise<void> {
  const allocations = await executor
    .selectFrom('allocations')
    .select(['invoice_id', sql<number>`sum(amount_minor)::bigint`.as('amount_minor')])
    .where('payment_id', '=', originalId)
    .groupBy('invoice_id')
    .execute();
  const chargeAllocations = await executor
    .selectFrom('charge_allocations')
    .select(['charge_id', sql<number>`sum(amount_minor)::bigint`.as('amount_minor')])
    .where('payment_id', '=', originalId)
    .groupBy('charge_id')
    .execute();

  const principal = allocations.filter((row) => Number(row.amount_minor) !== 0);
  if (principal.length > 0) {
    await executor
      .insertInto('allocations')
      .values(
        principal.map((row) => ({
          organisation_id: reversal.organisationId,
          payment_id: reversal.paymentId,
          invoice_id: row.invoice_id,
          amount_minor: -Number(row.amount_minor),
        })),
      )
      .execute();
  }
  const charges = chargeAllocations.filter((row) => Number(row.amount_minor) !== 0);
  if (charges.length > 0) {
    await executor
      .insertInto('charge_allocations')
      .values(
        charges.map((row) => ({
          organisation_id: reversal.organisationId,
          payment_id: reversal.paymentId,
          charge_id: row.charge_id,
          amount_minor: -Number(row.amount_minor),
        })),
      )
      .execute();
  }
}
