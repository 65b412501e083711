import { notice } from '../errors.ts';
/**
 * Conversion of one camt entry (`Ntry`) into transactions: one per
 * transaction detail (`TxDtls`), so that each payment of a batch booking can
 * be matched on its own.
 */
import { formatDecimal, type Money } from '../money/money.ts';
import { applySign, failAt, readAmount, readDate, readSign } from './camt-values.ts';
import { findChild, findChildren, firstText, textOf, type XmlNode } from './camt-xml-node.ts';
import { asBic, asIban } from './reference-checks.ts';
import type {
  Counterparty,
  StructuredReference,
  TransactionBatch,
  TransactionDraft,
} from './statement-model.ts';

/** Facts shared by all transactions of one entry, read once from the `Ntry` element. */
interface EntryFacts {
  amount: Money;
  sign: 1 | -1;
  reversal: boolean;
  status: TransactionDraft['status'];
  bookingDate?: string;
  valueDate?: string;
  bankReference?: string;
  entryReference?: string;
  numberOfTransactions?: number;
  transactionCode?: string;
  additionalInformation?: string;
}

export function convertEntry(fileName: string, entry: XmlNode): TransactionDraft[] {
  const facts = readEntryFacts(fileName, entry);
  const details = [
    ...findChildren(entry, 'TxDtls'),
    ...findChildren(entry, 'NtryDtls').flatMap((node) => findChildren(node, 'TxDtls')),
  ];
  if (details.length <= 1) {
    return [convertSingleEntry(fileName, facts, details[0])];
  }
  const amounts = details.map((detail) => readDetailAmount(fileName, detail, facts));
  if (amounts.some((amount) => amount === undefined)) {
    const transaction = convertDetail(
      fileName,
      facts,
      undefined,
      facts.amount,
      batchOf(facts, 0, 1),
    );
    transaction.warnings.push(
      notice('statement_details_without_amounts', { count: details.length }).message,
    );
    return [transaction];
  }
  const transactions = details.map((detail, index) =>
    convertDetail(
      fileName,
      facts,
      detail,
      amounts[index] as Money,
      batchOf(facts, index, details.length),
    ),
  );
  addSumWarning(facts, transactions);

  return transactions;
}

/**
 * Converts an entry with one transaction detail, or none, into one
 * transaction of the entry amount, because that is what the bank booked on
 * the account. A detail amount that differs gives a warning.
 */
function convertSingleEntry(
  fileName: string,
  facts: EntryFacts,
  detail: XmlNode | undefined,
): TransactionDraft {
  const transaction = convertDetail(fileName, facts, detail, facts.amount, batchOf(facts, 0, 1));
  const own = detail ? readDetailAmount(fileName, detail, facts) : undefined;
  if (own && (own.minor !== facts.amount.minor || own.currency !== facts.amount.currency)) {
    const signed = applySign(own.minor, facts.sign);
    transaction.warnings.push(
      notice('statement_detail_amount_differs', {
        detailAmount: formatDecimal(signed, own.currency),
        detailCurrency: own.currency,
        entryAmount: formatDecimal(transaction.amount.minor, facts.amount.currency),
        currency: facts.amount.currency,
      }).message,
    );
  }

  return transaction;
}

function readEntryFacts(fileName: string, entry: XmlNode): EntryFacts {
  const amountNode = findChild(entry, 'Amt');
  const amount = amountNode
    ? readAmount(fileName, amountNode)
    : failAt(fileName, entry, 'Amt', 'is missing');
  const batch = findChild(entry, 'NtryDtls', 'Btch') ?? findChild(entry, 'Btch');
  const count = textOf(batch, 'NbOfTxs');

  return {
    amount,
    sign: readSign(fileName, entry),
    reversal: textOf(entry, 'RvslInd') === 'true',
    status: readStatus(entry),
    bookingDate: readDate(fileName, findChild(entry, 'BookgDt')),
    valueDate: readDate(fileName, findChild(entry, 'ValDt')),
    bankReference: textOf(entry, 'AcctSvcrRef'),
    entryReference: textOf(entry, 'NtryRef') ?? textOf(batch, 'PmtInfId'),
    numberOfTransactions: count !== undefined && /^\d+$/.test(count) ? Number(count) : undefined,
    transactionCode: readTransactionCode(findChild(entry, 'BkTxCd')),
    additionalInformation: textOf(entry, 'AddtlNtryInf'),
  };
}

/** BOOK is booked; PDNG (pending) and INFO (information only) are not. Before version 08 `Sts` contains the code, from 08 on `Sts/Cd`. */
function readStatus(entry: XmlNode): TransactionDraft['status'] {
  const status = textOf(entry, 'Sts', 'Cd') ?? textOf(entry, 'Sts') ?? 'BOOK';

  return status === 'BOOK' ? 'booked' : 'pending';
}

/** "PMNT/RCDT/ESCT" from the ISO domain, family and sub-family, else the bank's proprietary code. */
function readTransactionCode(code: XmlNode | undefined): string | undefined {
  const domain = textOf(code, 'Domn', 'Cd');
  const family = textOf(code, 'Domn', 'Fmly', 'Cd');
  const subFamily = textOf(code, 'Domn', 'Fmly', 'SubFmlyCd');
  if (domain && family && subFamily) {
    return `${domain}/${family}/${subFamily}`;
  }

  return textOf(code, 'Prtry', 'Cd');
}

/**
 * The detail's own amount, `AmtDtls/TxAmt/Amt`, else `TxDtls/Amt` (from
 * version 03 on), unsigned relative to the entry: negative only when the
 * detail's own indicator differs from the entry's.
 */
function readDetailAmount(fileName: string, detail: XmlNode, facts: EntryFacts): Money | undefined {
  const amountNode = findChild(detail, 'AmtDtls', 'TxAmt', 'Amt') ?? findChild(detail, 'Amt');
  if (amountNode === undefined) {
    return undefined;
  }
  const amount = readAmount(fileName, amountNode);
  const sign = findChild(detail, 'CdtDbtInd') ? readSign(fileName, detail) : facts.sign;

  return { minor: sign === facts.sign ? amount.minor : -amount.minor, currency: amount.currency };
}

function batchOf(
  facts: EntryFacts,
  position: number,
  detailCount: number,
): TransactionBatch | undefined {
  const count = facts.numberOfTransactions ?? detailCount;
  if (count <= 1 && detailCount <= 1) {
    return undefined;
  }

  return {
    entryReference: facts.entryReference ?? facts.bankReference,
    numberOfTransactions: count,
    position,
  };
}

/** `amount` is unsigned relative to the entry: the entry's indicator gives the sign. */
function convertDetail(
  fileName: string,
  facts: EntryFacts,
  detail: XmlNode | undefined,
  amount: Money,
  batch: TransactionBatch | undefined,
): TransactionDraft {
  const remittance = findChild(detail, 'RmtInf');
  const unstructured = findChildren(remittance, 'Ustrd')
    .map((node) => node.text.trim())
    .filter((text) => text !== '');
  const endToEndId = textOf(detail, 'Refs', 'EndToEndId');

  return {
    bookingDate: facts.bookingDate,
    valueDate: facts.valueDate,
    amount: { minor: applySign(amount.minor, facts.sign), currency: amount.currency },
    instructedAmount: readInstructedAmount(fileName, detail, amount),
    reversal: facts.reversal,
    status: facts.status,
    returnReasonCode: firstText(detail, [
      ['RtrInf', 'Rsn', 'Cd'],
      ['RtrInf', 'Rsn', 'Prtry'],
    ]),
    bankReference: textOf(detail, 'Refs', 'AcctSvcrRef') ?? facts.bankReference,
    endToEndId: endToEndId === 'NOTPROVIDED' ? undefined : endToEndId,
    mandateReference: textOf(detail, 'Refs', 'MndtId'),
    transactionCode: readTransactionCode(findChild(detail, 'BkTxCd')) ?? facts.transactionCode,
    counterparty: readCounterparty(detail, isIncoming(facts)),
    remittanceText:
      unstructured.length > 0
        ? unstructured.join(' ')
        : (textOf(detail, 'AddtlTxInf') ?? (batch ? undefined : facts.additionalInformation)),
    structuredReferences: findChildren(remittance, 'Strd').flatMap(readStructuredReferences),
    batch,
    warnings: [],
  };
}

/** Returns true for a credit or the reversal of a debit, whose counterparty is the payment's debtor. */
function isIncoming(facts: EntryFacts): boolean {
  return (facts.sign === 1) !== facts.reversal;
}

/** Reads the other party: the debtor of an incoming payment, the creditor of an outgoing one. */
function readCounterparty(detail: XmlNode | undefined, incoming: boolean): Counterparty {
  const role = incoming ? 'Dbtr' : 'Cdtr';
  const parties = findChild(detail, 'RltdPties');
  const account = findChild(parties, `${role}Acct`, 'Id');
  const iban = asIban(textOf(account, 'IBAN'));
  const counterparty: Counterparty = {
    name: firstText(parties, [
      [role, 'Nm'],
      [role, 'Pty', 'Nm'],
    ]),
    iban,
    bic: asBic(
      firstText(findChild(detail, 'RltdAgts', `${role}Agt`, 'FinInstnId'), [['BIC'], ['BICFI']]),
    ),
    account: iban ? undefined : firstText(account, [['IBAN'], ['Othr', 'Id']]),
  };

  return Object.fromEntries(
    Object.entries(counterparty).filter(([, value]) => value !== undefined),
  ) as Counterparty;
}

function readStructuredReferences(structured: XmlNode): StructuredReference[] {
  return findChildren(structured, 'CdtrRefInf').flatMap((info) => {
    const reference = textOf(info, 'Ref');
    if (reference === undefined) {
      return [];
    }
    return [
      {
        issuer: textOf(info, 'Tp', 'Issr'),
        type: firstText(info, [
          ['Tp', 'CdOrPrtry', 'Cd'],
          ['Tp', 'CdOrPrtry', 'Prtry'],
        ]),
        reference,
      },
    ];
  });
}

/** Reads the instructed amount, kept only when it differs from the booked one (another currency, or charges taken). */
function readInstructedAmount(
  fileName: string,
  detail: XmlNode | undefined,
  booked: Money,
): Money | undefined {
  const node = findChild(detail, 'AmtDtls', 'InstdAmt', 'Amt');
  if (node === undefined) {
    return undefined;
  }
  const instructed = readAmount(fileName, node);
  const same = instructed.currency === booked.currency && instructed.minor === booked.minor;

  return same ? undefined : instructed;
}

function addSumWarning(facts: EntryFacts, transactions: TransactionDraft[]): void {
  const currency = facts.amount.currency;
  const sameCurrency = transactions.every(
    (transaction) => transaction.amount.currency === currency,
  );
  const total = transactions.reduce((sum, transaction) => sum + transaction.amount.minor, 0);
  const expected = applySign(facts.amount.minor, facts.sign);
  if (sameCurrency && total !== expected && transactions[0]) {
    transactions[0].warnings.push(
      notice('statement_details_sum_differs', {
        sum: formatDecimal(total, currency),
        amount: formatDecimal(expected, currency),
        currency,
      }).message,
    );
  }
}
