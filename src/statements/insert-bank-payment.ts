import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { BookingKind } from '../db/schema.ts';
import type { TransactionToBook } from './book-transaction.ts';

/** Reason kept on money out that is no reversal or return, which is dismissed on booking. */
export const OTHER_DEBIT_REASON = 'money out that is no reversal or return: no receivable';

/**
 * Inserts the payment of a statement transaction with the transaction key
 * as its external key. Returns its id, or undefined when the entity has
 * this transaction already.
 *
 * A key built from a bank reference leaves out the end-to-end id and the
 * counterparty, and some banks repeat a reference for other transactions.
 * When the payment that has the key shows a different end-to-end id or
 * counterparty IBAN, it is another transaction, and this one is booked
 * under the key extended with a hash of its own end-to-end id and IBAN.
 * Importing it again finds that extended key, so it is still booked once.
 */
export async function insertBankPayment(
  executor: Executor,
  booking: TransactionToBook & { bookingKind: BookingKind; warnings: string[] },
  actor: string,
): Promise<string | undefined> {
  const { transaction } = booking;
  const inserted = await insertWithKey(executor, booking, transaction.key, actor);
  if (inserted !== undefined) {
    return inserted;
  }

  const existing = await executor
    .selectFrom('payments')
    .select(['end_to_end_id', 'counterparty_iban'])
    .where('entity_id', '=', booking.entityId)
    .where('source', '=', 'bank')
    .where('external_key', '=', transaction.key)
    .executeTakeFirstOrThrow();
  const endToEndId = clip(transaction.endToEndId, 35);
  const iban = clip(transaction.counterparty.iban, 34);
  const differs = (stored: string | null, own: string | null) =>
    stored !== null && own !== null && stored !== own;
  if (!differs(existing.end_to_end_id, endToEndId) && !differs(existing.counterparty_iban, iban)) {
    return undefined;
  }
  const suffix = createHash('sha256')
    .update(JSON.stringify([endToEndId, iban]))
    .digest('hex')
    .slice(0, 12);

  return insertWithKey(executor, booking, `${transaction.key}-${suffix}`, actor);
}

async function insertWithKey(
  executor: Executor,
  booking: TransactionToBook & { bookingKind: BookingKind; warnings: string[] },
  externalKey: string,
  actor: string,
): Promise<string | undefined> {
  const { transaction, bookingKind } = booking;
  const dismissed = bookingKind === 'other_debit';

  const row = await executor
    .insertInto('payments')
    .values({
      organisation_id: booking.organisationId,
      entity_id: booking.entityId,
      debtor_id: null,
      payment_date: booking.paymentDate,
      currency: transaction.amount.currency,
      amount_minor: transaction.amount.minor,
      source: 'bank',
      reference: transaction.structuredReferences[0]?.reference ?? null,
      external_key: externalKey,
      statement_id: booking.statementId,
      value_date: transaction.valueDate ?? null,
      counterparty_name: clip(transaction.counterparty.name, 140),
      counterparty_iban: clip(transaction.counterparty.iban, 34),
      remittance_text: clip(transaction.remittanceText, 2000),
      end_to_end_id: clip(transaction.endToEndId, 35),
      bank_reference: clip(transaction.bankReference, 100),
      booking_kind: bookingKind,
      return_reason_code: clip(transaction.returnReasonCode, 35),
      reverses_payment_id: null,
      match_method: null,
      matched_at: null,
      matched_by: null,
      dismissed_at: dismissed ? sql`now()` : null,
      dismissed_by: dismissed ? actor : null,
      dismiss_reason: dismissed ? OTHER_DEBIT_REASON : null,
      warnings: JSON.stringify(booking.warnings),
      // The clock, not the transaction start, so that a statement's payments sort in file order.
      created_at: sql<Date>`clock_timestamp()`,
    })
    .onConflict((conflict) => conflict.columns(['entity_id', 'source', 'external_key']).doNothing())
    .returning('id')
    .executeTakeFirst();

  return row?.id;
}

/** Cuts a value to its column's maximum length, so an over-long bank text never rejects the file. */
function clip(value: string | undefined, maxLength: number): string | null {
  return value === undefined ? null : value.slice(0, maxLength);
}
