import type { BankTransaction } from '../bank-statements/statement-model.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { Executor } from '../db/database.ts';
import type { BookingKind } from '../db/schema.ts';
import { notice } from '../errors.ts';
import { insertBankPayment } from './insert-bank-payment.ts';
import { matchPayment } from './match-payment.ts';
import { reversePayment } from './reverse-payment.ts';

/**
 * The result of booking one transaction. matched: it needs no work (a receipt
 * allocated in full, a reversal that undid its receipt, or other money out,
 * dismissed at once). unmatched: it waits in the queue of unmatched
 * payments. duplicate: an earlier import booked it already.
 */
export type BookingOutcome = 'matched' | 'unmatched' | 'duplicate';

export interface TransactionToBook {
  organisationId: string;
  entityId: string;
  statementId: string;
  paymentDate: PlainDate;
  transaction: BankTransaction;
}

/**
 * Books one statement transaction as a payment of source "bank", keyed by
 * the transaction key so that no import books it twice, then matches it:
 * a receipt to invoices, a reversal or return to the receipt it takes back.
 * Adds the warnings of the booking to `transaction.warnings`.
 */
export async function bookTransaction(
  executor: Executor,
  booking: TransactionToBook,
  actor: string,
): Promise<BookingOutcome> {
  const { transaction } = booking;
  const bookingKind = bookingKindOf(transaction);
  if (bookingKind === 'receipt' && isTakenBackDebit(transaction)) {
    transaction.warnings.push(notice('receipt_is_reversal').message);
  }
  const inserted = await insertBankPayment(
    executor,
    { ...booking, bookingKind, warnings: transaction.warnings },
    actor,
  );
  if (inserted === undefined) {
    return 'duplicate';
  }

  const common = {
    organisationId: booking.organisationId,
    entityId: booking.entityId,
    paymentId: inserted,
    currency: transaction.amount.currency,
    amountMinor: transaction.amount.minor,
  };
  switch (bookingKind) {
    case 'other_debit':
      return 'matched';
    case 'reversal':
    case 'return': {
      const original = await reversePayment(
        executor,
        {
          ...common,
          paymentDate: booking.paymentDate,
          endToEndId: transaction.endToEndId,
          bankReference: transaction.bankReference,
          counterpartyIban: transaction.counterparty.iban,
        },
        actor,
      );
      return original === undefined ? 'unmatched' : 'matched';
    }
    case 'receipt': {
      if (isTakenBackDebit(transaction)) {
        return 'unmatched';
      }
      const outcome = await matchPayment(executor, { ...common, transaction }, actor);
      return outcome.remainderMinor === 0 ? 'matched' : 'unmatched';
    }
  }
}

/**
 * Money in is a receipt. Money out is a reversal when the bank marks it so
 * (camt RvslInd, MT940 RC/RD), a return when it carries a return reason
 * code (camt RtrInf, MT940 /RTRN/), and else other money out.
 */
export function bookingKindOf(transaction: BankTransaction): BookingKind {
  if (transaction.amount.minor > 0) {
    return 'receipt';
  }
  if (transaction.reversal) {
    return 'reversal';
  }

  return transaction.returnReasonCode === undefined ? 'other_debit' : 'return';
}

/** Money in that the bank marks as the reversal or return of a payment the entity made, not a debtor's payment. */
function isTakenBackDebit(transaction: BankTransaction): boolean {
  return transaction.reversal || transaction.returnReasonCode !== undefined;
}
