import { createHash } from 'node:crypto';
import { formatDecimal } from '../money/money.ts';
import { isValidIban } from '../payments/iban.ts';
import { addReferenceWarnings } from './reference-checks.ts';
import type {
  BankStatement,
  BankTransaction,
  StatementAccount,
  TransactionDraft,
} from './statement-model.ts';

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
    const transactions = draft.transactions.map((transaction) => {
      addReferenceWarnings(transaction);
      const identity = transactionIdentity(draft.account, transaction);
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
 * The fields that identify a transaction across imports: the account (IBAN,
 * else the bank's account text), the booking date (value date while
 * pending), the signed amount and currency, the bank reference and the
 * position within a batch entry. The key hashes these and the occurrence:
 * the how-many-th transaction of the file with the same fields it is.
 *
 * NOTE: the key is the same when the same file, or a new export of the same
 * statement in the same format, is imported again. It differs between a
 * camt.053 and an MT940 export of one statement when the bank writes
 * different references in the two formats. Without a bank reference (many
 * MT940 files write only NONREF), two payments of the same amount on the
 * same day are distinguished by their order in the file, so an export that
 * lists them in another order swaps their keys; an export that covers only
 * part of a day can shift the occurrence count as well.
 */
function transactionIdentity(account: StatementAccount, transaction: TransactionDraft): string {
  return JSON.stringify([
    account.iban ?? account.identification,
    transaction.bookingDate ?? transaction.valueDate ?? '',
    transaction.amount.minor,
    transaction.amount.currency,
    transaction.bankReference ?? '',
    transaction.batch?.position ?? 0,
  ]);
}

function hashKey(identity: string, occurrence: number): string {
  const digest = createHash('sha256').update(`${identity}#${occurrence}`).digest('hex');

  return `bt1-${digest.slice(0, 32)}`;
}

function addAccountWarning(statement: BankStatement): void {
  const iban = statement.account.iban;
  if (iban !== undefined && !isValidIban(iban)) {
    statement.warnings.push(
      `account IBAN ${iban} fails the IBAN check (ISO 13616); check that the file is from your bank`,
    );
  }
}

function addBalanceWarning(statement: BankStatement): void {
  const { openingBalance, closingBalance } = statement;
  if (openingBalance === undefined || closingBalance === undefined) {
    return;
  }
  if (openingBalance.currency !== closingBalance.currency) {
    statement.warnings.push(
      `opening balance is in ${openingBalance.currency} but closing balance in ${closingBalance.currency}`,
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
      `opening balance ${formatDecimal(openingBalance.minor, currency)} plus the transactions gives ${formatDecimal(total, currency)}, but the closing balance is ${formatDecimal(closingBalance.minor, currency)} ${currency}; the file may not contain every transaction`,
    );
  }
}
