import { notice } from '../errors.ts';
import { createHash } from 'node:crypto';
import { formatDecimal } from '../money/money.ts';
import { isValidIban } from '../payments/iban.ts';
import { addReferenceWarnings } from './reference-checks.ts';
import type { BankStatement, BankTransaction, TransactionDraft } from './statement-model.ts';

/** A statement as a parser builds it: transactions without their key yet. */
export type StatementDraft = Omit<BankStatement, 'transactions'> & {
  transactions: TransactionDraft[];
};

/**
 * Completes the parsed statements of one file: checks IBANs and payment
 * references, computes each transaction's key, and warns when the opening
 * balance plus the transactions does not give the closing balance.
 */
export function finishStatements(drafts: StatementDraft[]): BankStatement[] {
  const occurrences = new Map<string, number>();

  return drafts.map((draft) => {
    const transactions = draft.transactions.map((transaction, index) => {
      addReferenceWarnings(transaction);
      const identity = transactionIdentity(draft, transaction, index);
      const occurrence = occurrences.get(identity) ?? 0;
      occurrences.set(identity, occurrence + 1);

      return { key: hashKey(identity, occurrence), ...transaction } satisfies BankTransaction;
    });
    const statement: BankStatement = { ...draft, transactions };
    addAccountWarning(statement);
    addBalanceWarning(statement);

    return statement;
  });
}

/**
 * The fields that identify a transaction across imports; the key hashes
 * them with the occurrence (the how-many-th transaction of the file with
 * the same fields). Every identity has the account, the booking date (value
 * date while pending) and the signed amount, then the first of:
 *
 * 1. The bank's own reference (camt `AcctSvcrRef` of the transaction, else
 *    of the entry, with the position in a batch entry; MT940 reference
 *    after `//`). A camt.054 notification and the camt.053 statement that
 *    repeats its booking thus get one key and book it once.
 * 2. The end-to-end id with the counterparty IBAN (when given), which the
 *    payer sets per payment.
 * 3. The statement (identification, such as MT940 `:20:`, and sequence
 *    number, such as `:28C:`) and the transaction's position in it. The same
 *    file imported again gets the same keys, and a line of another
 *    statement that looks the same is still booked.
 *
 * NOTE: a notification and a statement of the same transaction without bank
 * reference or end-to-end id get different keys and book it twice. A
 * camt.053 and an MT940 export of one statement get different keys when the
 * bank writes different references in the two formats.
 */
function transactionIdentity(
  statement: StatementDraft,
  transaction: TransactionDraft,
  index: number,
): string {
  const common = [
    statement.account.iban ?? statement.account.identification,
    transaction.bookingDate ?? transaction.valueDate ?? '',
    transaction.amount.minor,
    transaction.amount.currency,
  ];
  if (transaction.bankReference !== undefined) {
    return JSON.stringify([
      'bank-reference',
      ...common,
      transaction.bankReference,
      transaction.batch?.position ?? 0,
    ]);
  }
  if (transaction.endToEndId !== undefined) {
    return JSON.stringify([
      'end-to-end',
      ...common,
      transaction.endToEndId,
      transaction.counterparty.iban ?? '',
    ]);
  }

  return JSON.stringify([
    'statement',
    ...common,
    statement.identification,
    statement.sequenceNumber ?? '',
    index,
  ]);
}

function hashKey(identity: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${identity}#${occurrence}`).digest('hex');

  return `bt2-${digest.slice(0, 32)}`;
}

function addAccountWarning(statement: BankStatement): void {
  const iban = statement.account.iban;
  if (iban !== undefined && !isValidIban(iban)) {
    statement.warnings.push(notice('statement_account_iban_invalid', { iban }).message);
  }
}

function addBalanceWarning(statement: BankStatement): void {
  const { openingBalance, closingBalance } = statement;
  if (openingBalance === undefined || closingBalance === undefined) {
    return;
  }
  if (openingBalance.currency !== closingBalance.currency) {
    statement.warnings.push(
      notice('statement_balance_currency_differs', {
        openingCurrency: openingBalance.currency,
        closingCurrency: closingBalance.currency,
      }).message,
    );
    return;
  }
  const total = statement.transactions.reduce(
    (sum, transaction) =>
      transaction.amount.currency === openingBalance.currency
        ? sum + transaction.amount.minor
        : sum,
    openingBalance.minor,
  );
  if (total !== closingBalance.minor) {
    const currency = closingBalance.currency;
    statement.warnings.push(
      notice('statement_balance_mismatch', {
        opening: formatDecimal(openingBalance.minor, currency),
        total: formatDecimal(total, currency),
        closing: formatDecimal(closingBalance.minor, currency),
        currency,
      }).message,
    );
  }
}
