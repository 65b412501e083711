import { notice } from '../errors.ts';
/**
 * Parser for SWIFT MT940 (customer statement) and MT942 (interim
 * transaction report) files as Dutch, German and other banks export them.
 */
import type { StatementDraft } from './finish-statements.ts';
import {
  failField,
  joinFieldLines,
  parseAccount,
  parseBalance,
  parseStatementLine,
} from './mt940-fields.ts';
import { isStructuredInformation, parseInformation } from './mt940-information.ts';
import { readSwiftStatements, type SwiftField, type SwiftStatement } from './mt940-lines.ts';
import { asIban } from './reference-checks.ts';
import { StatementFileError } from './statement-file-error.ts';
import type { Counterparty, StatementFileKind, TransactionDraft } from './statement-model.ts';

export interface ParsedMt940 {
  format: 'mt940' | 'mt942';
  kind: StatementFileKind;
  statements: StatementDraft[];
}

/** Tags only MT942 has: floor limits, date-time indication and the debit and credit totals. */
const MT942_TAGS = new Set(['34F', '13D', '90D', '90C']);

/**
 * Parses the text of an MT940 or MT942 file. The file is MT942 when its
 * envelope or header says so or when it uses tags that only MT942 has.
 */
export function parseMt940(text: string, fileName: string): ParsedMt940 {
  const swiftStatements = readSwiftStatements(text, fileName);
  if (swiftStatements.length === 0) {
    throw new StatementFileError(fileName, {
      field: ':20:',
      problem: 'is missing: the file contains no statement',
      fix: 'check that the file is an MT940 export; if it is, ask the bank for a corrected export',
      key: 'statement_file_no_mt940_statement',
    });
  }
  const interim = swiftStatements.some(
    (statement) =>
      statement.declaredMt942 || statement.fields.some((field) => MT942_TAGS.has(field.tag)),
  );

  return {
    format: interim ? 'mt942' : 'mt940',
    kind: interim ? 'interim-report' : 'statement',
    statements: swiftStatements.map((statement) => convertStatement(statement, fileName, interim)),
  };
}

function convertStatement(
  swift: SwiftStatement,
  fileName: string,
  interim: boolean,
): StatementDraft {
  const statement: StatementDraft = {
    identification: '',
    account: { identification: '' },
    transactions: [],
    warnings: [],
  };
  const information = new Map<TransactionDraft, string>();
  let afterClosingBalance = false;
  for (const field of swift.fields) {
    switch (field.tag) {
      case '20':
        statement.identification = joinFieldLines(field, true).trim();
        break;
      case '25':
        statement.account = parseAccount(field);
        break;
      case '28':
      case '28C':
        statement.sequenceNumber = joinFieldLines(field, true).trim();
        break;
      case '60F':
      case '60M':
        statement.openingBalance = parseBalance(fileName, field);
        break;
      case '62F':
      case '62M':
        statement.closingBalance = parseBalance(fileName, field);
        afterClosingBalance = true;
        break;
      case '61':
        statement.transactions.push(
          convertLine(fileName, field, statementCurrency(statement, swift, fileName)),
        );
        break;
      case '86':
        addToLastTransaction(statement, information, field, afterClosingBalance);
        break;
    }
  }
  information.forEach((text, transaction) => applyInformation(transaction, text));
  checkStatement(statement, swift, fileName, interim);

  return statement;
}

/**
 * Adds a :86: field to the transaction of the :61: before it. A :86: after
 * the closing balance describes the whole statement (ING totals), so it is
 * skipped, and so is a :86: before any :61:.
 */
function addToLastTransaction(
  statement: StatementDraft,
  information: Map<TransactionDraft, string>,
  field: SwiftField,
  afterClosingBalance: boolean,
): void {
  const transaction = statement.transactions[statement.transactions.length - 1];
  if (transaction !== undefined && !afterClosingBalance) {
    information.set(transaction, appendInformation(information.get(transaction), field));
  }
}

/** Returns the currency of the account (:25:), else of the opening balance, else of a floor limit (:34F:). */
function statementCurrency(
  statement: StatementDraft,
  swift: SwiftStatement,
  fileName: string,
): string {
  const floorLimit = swift.fields.find((field) => field.tag === '34F');
  const currency =
    statement.account.currency ??
    statement.openingBalance?.currency ??
    /^([A-Z]{3})/.exec(floorLimit?.lines[0] ?? '')?.[1];
  if (currency === undefined) {
    const line = swift.fields.find((field) => field.tag === '61') as SwiftField;
    failField(
      fileName,
      line,
      '',
      'comes before the opening balance :60F:, so its currency is unknown',
    );
  }

  return currency;
}

function checkStatement(
  statement: StatementDraft,
  swift: SwiftStatement,
  fileName: string,
  interim: boolean,
): void {
  const start = swift.fields[0] as SwiftField;
  if (statement.account.identification === '') {
    failField(fileName, start, '', 'starts a statement without the account line :25:');
  }
  if (!interim && statement.openingBalance === undefined) {
    failField(fileName, start, '', 'starts a statement without the opening balance :60F:');
  }
  if (!interim && statement.closingBalance === undefined) {
    statement.warnings.push(notice('statement_no_closing_balance').message);
  }
}

function convertLine(fileName: string, field: SwiftField, currency: string): TransactionDraft {
  const line = parseStatementLine(fileName, field, currency);
  const ibanAsReference = asIban(line.customerReference);
  const counterparty: Counterparty = {};
  const iban = ibanAsReference ?? asIban(line.supplementaryDetails);
  if (iban !== undefined) {
    counterparty.iban = iban;
  }
  // SNS and ASN Bank write the counterparty IBAN as customer reference and its name on the second line.
  const name =
    line.counterpartyName ??
    (ibanAsReference !== undefined ? line.supplementaryDetails : undefined);
  if (name !== undefined) {
    counterparty.name = name;
  }

  return {
    bookingDate: line.entryDate ?? line.valueDate,
    valueDate: line.valueDate,
    amount: { minor: line.minor, currency },
    reversal: line.reversal,
    status: 'booked',
    bankReference: line.bankReference,
    customerReference: line.customerReference,
    transactionCode: line.transactionType,
    counterparty,
    structuredReferences: [],
    warnings: [],
  };
}

/** Joins the text of a :86: field; Rabobank writes several :86: fields for one transaction. */
function appendInformation(previous: string | undefined, field: SwiftField): string {
  const text = joinFieldLines(field, isStructuredInformation(field.lines[0] ?? ''));

  return previous === undefined ? text : `${previous} ${text}`;
}

/** Fills a transaction from the :86: text that followed its :61: line. */
function applyInformation(transaction: TransactionDraft, text: string): void {
  const information = parseInformation(text);
  transaction.endToEndId = information.endToEndId;
  transaction.returnReasonCode = information.returnReasonCode;
  transaction.mandateReference = information.mandateReference;
  transaction.creditorIdentifier = information.creditorIdentifier;
  transaction.remittanceText = information.remittanceText;
  transaction.structuredReferences = information.structuredReferences;
  transaction.reversal ||= information.reversalText;
  transaction.counterparty = { ...transaction.counterparty, ...information.counterparty };
  if (information.batchReference !== undefined) {
    transaction.batch = {
      entryReference: information.batchReference,
      numberOfTransactions: information.batchSize,
      position: 0,
    };
  }
}
