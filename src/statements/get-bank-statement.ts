import type { Executor } from '../db/database.ts';
import type { BookingKind, MatchMethod } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';
import { allocatedMinorSql } from '../payments/queue/payment-amounts-sql.ts';
import { listBankStatements, type BankStatementItem } from './list-bank-statements.ts';
import { recognizeMessage, type MessageDetail } from '../errors.ts';

/**
 * How far a statement transaction is settled. matched: nothing left to
 * allocate. partial: some allocated, a remainder waits in the queue.
 * unmatched: nothing allocated, the whole amount waits in the queue.
 * dismissed: taken off the queue, such as money out that is no receivable.
 */
export type MatchState = 'matched' | 'partial' | 'unmatched' | 'dismissed';

/** One booked transaction of a statement; amounts are decimal strings in its currency. */
export interface StatementTransaction {
  paymentId: string;
  paymentDate: string;
  valueDate: string | null;
  amount: string;
  currency: string;
  bookingKind: BookingKind;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittanceText: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  returnReasonCode: string | null;
  matchState: MatchState;
  matchMethod: MatchMethod | null;
  allocated: string;
  remainder: string;
  debtorId: string | null;
  reversesPaymentId: string | null;
  dismissReason: string | null;
  /** The warnings' English texts; warningDetails has them with their catalogue keys. */
  warnings: string[];
  warningDetails: MessageDetail[];
  allocations: Array<{ invoiceId: string; invoiceNumber: string; amount: string }>;
}

export interface BankStatementDetail extends BankStatementItem {
  transactions: StatementTransaction[];
}

/** Loads one statement with its transactions in booking order; not_found when the caller cannot see it. */
export async function getBankStatement(
  executor: Executor,
  params: { statementId: string },
): Promise<BankStatementDetail> {
  const [statement] = await listBankStatements(executor, {
    statementId: params.statementId,
    limit: 1,
  });
  if (statement === undefined) {
    throw new AppError('not_found', `Bank statement ${params.statementId} does not exist.`);
  }

  const payments = await executor
    .selectFrom('payments as p')
    .selectAll('p')
    .select(allocatedMinorSql.as('allocated_minor'))
    .where('p.statement_id', '=', params.statementId)
    .orderBy('p.payment_date')
    .orderBy('p.created_at')
    .orderBy('p.external_key')
    .execute();
  const allocations =
    payments.length === 0
      ? []
      : await executor
          .selectFrom('allocations as a')
          .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
          .select(['a.payment_id', 'a.invoice_id', 'i.number', 'a.amount_minor'])
          .where(
            'a.payment_id',
            'in',
            payments.map((payment) => payment.id),
          )
          .orderBy('i.due_date')
          .orderBy('i.number')
          .execute();

  const transactions = payments.map((payment): StatementTransaction => {
    const amountMinor = Number(payment.amount_minor);
    const allocatedMinor = Number(payment.allocated_minor);
    const remainderMinor = amountMinor - allocatedMinor;
    const money = (minor: number) => formatDecimal(minor, payment.currency);
    return {
      paymentId: payment.id,
      paymentDate: payment.payment_date,
      valueDate: payment.value_date,
      amount: money(amountMinor),
      currency: payment.currency,
      bookingKind: payment.booking_kind,
      counterpartyName: payment.counterparty_name,
      counterpartyIban: payment.counterparty_iban,
      remittanceText: payment.remittance_text,
      endToEndId: payment.end_to_end_id,
      bankReference: payment.bank_reference,
      returnReasonCode: payment.return_reason_code,
      matchState: matchStateOf(payment.dismissed_at !== null, allocatedMinor, remainderMinor),
      matchMethod: payment.match_method,
      allocated: money(allocatedMinor),
      remainder: money(remainderMinor),
      debtorId: payment.debtor_id,
      reversesPaymentId: payment.reverses_payment_id,
      dismissReason: payment.dismiss_reason,
      warnings: payment.warnings,
      warningDetails: payment.warnings.map(recognizeMessage),
      allocations: allocations
        .filter((allocation) => allocation.payment_id === payment.id)
        .map((allocation) => ({
          invoiceId: allocation.invoice_id,
          invoiceNumber: allocation.number,
          amount: money(Number(allocation.amount_minor)),
        })),
    };
  });

  return { ...statement, transactions };
}

function matchStateOf(dismissed: boolean, allocatedMinor: number, remainderMinor: number) {
  if (dismissed) {
    return 'dismissed';
  }
  if (remainderMinor === 0) {
    return 'matched';
  }

  return allocatedMinor === 0 ? 'unmatched' : 'partial';
}
