/**
 * The normalised form of a bank statement file, the same for camt.052/053/054
 * (ISO 20022 XML) and SWIFT MT940/MT942. Amounts are signed integer minor
 * units: a credit to the account is positive, a debit negative. Dates are
 * plain dates (YYYY-MM-DD) as the bank wrote them, in the bank's time zone.
 */
import type { PlainDate } from '../dates/plain-date.ts';
import type { Money } from '../money/money.ts';

export type StatementFormat = 'camt.052' | 'camt.053' | 'camt.054' | 'mt940' | 'mt942';

/**
 * Kind of report in the file. A `statement` (camt.053, MT940) is the bank's final
 * account of booked transactions with booked balances. An `interim-report`
 * (camt.052, MT942) lists what happened so far in the day: its transactions
 * are reported, never booked, because the final statement repeats them. A
 * `notification` (camt.054) announces single bookings without balances; the
 * camt.053 of that day contains the same bookings again.
 */
export type StatementFileKind = 'statement' | 'interim-report' | 'notification';

export interface ParsedStatementFile {
  fileName: string;
  format: StatementFormat;
  /** Message version from the camt namespace, such as "001.02"; undefined for MT940/MT942. */
  formatVersion?: string;
  kind: StatementFileKind;
  /** Character encoding the file was read in, such as "utf-8" or "cp852". */
  encoding: string;
  statements: BankStatement[];
}

/** A balance in signed minor units on a date. */
export interface StatementBalance extends Money {
  date: PlainDate;
}

export interface StatementAccount {
  /** The account's IBAN when the file gives one in IBAN form (checked or not). */
  iban?: string;
  /** The account as the bank wrote it: the IBAN, or a BBAN such as "1291.99.348" or "TRIODOSBANK/0390123456". */
  identification: string;
  currency?: string;
  /** The BIC of the bank that keeps the account, when the file gives it. */
  bic?: string;
}

export interface BankStatement {
  /** Statement identification: camt `Stmt/Id` (or `Rpt/Id`, `Ntfctn/Id`), MT940 `:20:`. */
  identification: string;
  /** camt `ElctrncSeqNb` (else `LglSeqNb`), MT940 `:28C:` (statement/sequence number). */
  sequenceNumber?: string;
  /** Date the bank created the statement: camt `Stmt/CreDtTm`, else `GrpHdr/CreDtTm`; MT940 has none. */
  creationDate?: PlainDate;
  account: StatementAccount;
  /** Opening booked balance: camt OPBD (else PRCD), MT940 `:60F:`/`:60M:`. */
  openingBalance?: StatementBalance;
  /** Closing booked balance: camt CLBD, MT940 `:62F:`/`:62M:`. */
  closingBalance?: StatementBalance;
  transactions: BankTransaction[];
  /** Problems that do not stop an import, such as balances that do not add up. */
  warnings: string[];
}

export type TransactionStatus = 'booked' | 'pending';

export interface StructuredReference {
  /**
   * Issuer of the reference scheme. "CUR" is the Dutch payment reference
   * (betalingskenmerk) and "ISO" an ISO 11649 RF reference. Other issuers
   * and proprietary types (such as "QRR") are kept as given.
   */
  issuer?: string;
  /** Reference type code or proprietary type, such as "SCOR" or "ISR Reference". */
  type?: string;
  reference: string;
}

export interface Counterparty {
  name?: string;
  iban?: string;
  bic?: string;
  /** Account number in another form than an IBAN, such as a German "BLZ/account". */
  account?: string;
}

/** The collective booking (batch) a transaction belongs to. */
export interface TransactionBatch {
  /** camt `NtryRef`, else the entry's `AcctSvcrRef`, or the batch's `PmtInfId`; MT940 `/PREF/`. */
  entryReference?: string;
  /** Number of transactions in the batch as the bank reports it (`NbOfTxs`). */
  numberOfTransactions?: number;
  /** Zero-based position of this transaction among the entry's transaction details. */
  position: number;
}

export interface BankTransaction {
  /** Stable key of this transaction; see `computeTransactionKey`. */
  key: string;
  /** Booking date; undefined when the bank has not booked it (pending). */
  bookingDate?: PlainDate;
  valueDate?: PlainDate;
  /** Booked amount, credit positive and debit negative. */
  amount: Money;
  /** The amount the payer instructed, when the bank reports it and it differs in currency or size. */
  instructedAmount?: Money;
  /** True for a reversal (camt `RvslInd`, MT940 `RC`/`RD`). */
  reversal: boolean;
  status: TransactionStatus;
  /** ISO external return reason code of a returned payment, such as "MS03" or "AC04". */
  returnReasonCode?: string;
  /** The bank's own reference: camt `AcctSvcrRef`, MT940 reference after `//`. */
  bankReference?: string;
  /** MT940 customer reference (the field before `//`), when it is not "NONREF". */
  customerReference?: string;
  endToEndId?: string;
  mandateReference?: string;
  creditorIdentifier?: string;
  /** Bank transaction code: camt `Domn/Fmly/SubFmly` or `Prtry/Cd`, MT940 type such as "NTRF". */
  transactionCode?: string;
  counterparty: Counterparty;
  /** Unstructured remittance information (camt `Ustrd`, MT940 `:86:` text). */
  remittanceText?: string;
  structuredReferences: StructuredReference[];
  batch?: TransactionBatch;
  /** Problems kept with the transaction, such as an IBAN or payment reference that fails its check. */
  warnings: string[];
}

/** A transaction before its key is computed: the parsers fill this, `finishStatement` adds the key. */
export type TransactionDraft = Omit<BankTransaction, 'key'>;
