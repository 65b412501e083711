/**
 * Parsing of the MT940 fields with a fixed layout: balances (:60F:, :62F:),
 * the account (:25:) and the statement line (:61:).
 */
import type { PlainDate } from '../dates/plain-date.ts';
import {
  decimalToMinorUnits,
  inferEntryDate,
  InvalidFieldValue,
  parseSwiftDate,
} from './field-values.ts';
import type { SwiftField } from './mt940-lines.ts';
import { isValidIban } from '../payments/iban.ts';
import { asIban } from './reference-checks.ts';
import { ASK_FOR_CORRECTED_EXPORT, StatementFileError } from './statement-file-error.ts';
import type { StatementAccount, StatementBalance } from './statement-model.ts';

/** SWIFT's maximum line length; a line of this length or more was wrapped by the bank, often mid-word. */
const SWIFT_LINE_LENGTH = 65;

/**
 * `:61:` layout: value date YYMMDD, optional entry date MMDD, mark C, D, RC
 * (reversal of a credit, so a debit) or RD (reversal of a debit), optional
 * funds code (third letter of the currency), amount with decimal comma,
 * transaction type such as NTRF, and the rest: customer reference,
 * optionally "//" and the bank's reference.
 * NOTE: the type's first letter is N, F or S in the SWIFT standard; any
 * letter is accepted because MT942 samples write types such as "MCI0".
 */
const STATEMENT_LINE =
  /^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+(?:[,.]\d*)?)([A-Z][A-Z0-9]{3})(.*)$/;
const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d+(?:[,.]\d*)?)$/;
const CUSTOMER_REFERENCE_LENGTH = 16;

export interface StatementLine {
  valueDate: PlainDate;
  entryDate?: PlainDate;
  /** Signed minor units, in the statement's currency. */
  minor: number;
  reversal: boolean;
  transactionType: string;
  customerReference?: string;
  bankReference?: string;
  /** The optional second part of :61: (34 characters), such as the counterparty IBAN at Rabobank. */
  supplementaryDetails?: string;
  /** Old Rabobank files write the counterparty name after the padded customer reference on the :61: line itself. */
  counterpartyName?: string;
}

export function failField(
  fileName: string,
  field: SwiftField,
  label: string,
  problem: string,
): never {
  throw new StatementFileError(fileName, {
    line: field.line,
    field: `:${field.tag}: ${label}`.trim(),
    problem,
    fix: ASK_FOR_CORRECTED_EXPORT,
  });
}

/** Runs a conversion from field-values.ts and reports its failure at the field's line. */
function convert<T>(fileName: string, field: SwiftField, label: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InvalidFieldValue) {
      failField(fileName, field, label, error.message);
    }
    throw error;
  }
}

/**
 * Joins a field's lines. Structured :86: texts (sub-fields such as /EREF/,
 * ?20 or >20) join without a separator, because banks cut them anywhere.
 * Free text joins with a space, except after a line with 65 or more
 * characters after the tag (the SWIFT maximum), which the bank wrapped
 * mid-word. ABN AMRO's legacy 64-character lines of two 32-character
 * columns therefore join with a space.
 */
export function joinFieldLines(field: SwiftField, structured: boolean): string {
  let text = field.lines[0] ?? '';
  let previousLength = field.firstLineLength;
  for (const line of field.lines.slice(1)) {
    const wrapped = structured || previousLength >= SWIFT_LINE_LENGTH;
    text += wrapped ? line : ` ${line}`;
    previousLength = line.length;
  }

  return text;
}

/** Parses ":60F:C110522EUR3236,28" style balances. */
export function parseBalance(fileName: string, field: SwiftField): StatementBalance {
  const content = joinFieldLines(field, true).trim();
  const match = BALANCE.exec(content);
  if (!match) {
    failField(
      fileName,
      field,
      'balance',
      `"${content}" does not have the layout C or D, date YYMMDD, currency, amount`,
    );
  }
  const [, mark, date, currency, amount] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const minor = convert(fileName, field, 'amount', () =>
    decimalToMinorUnits(amount, currency, amount.includes(',') ? ',' : '.'),
  );

  return {
    minor: mark === 'D' && minor !== 0 ? -minor : minor,
    currency,
    date: convert(fileName, field, 'date', () => parseSwiftDate(date)),
  };
}

/**
 * Parses :25: forms "NL77INGB0574908765EUR", "NL34RABO0142623393 EUR",
 * "1291.99.348EUR", "UBRTHUHB/123456789150ABCDEF002/HUF" and
 * "TRIODOSBANK/0390123456": a trailing currency code is split off.
 */
export function parseAccount(field: SwiftField): StatementAccount {
  const content = joinFieldLines(field, true).trim();
  const match = /^(.*?)([\s/]?)([A-Z]{3})$/.exec(content);
  const head = match?.[1] ?? '';
  const hasCurrency =
    match !== null && !isValidIban(content) && (match[2] !== '' || /[\d.]$/.test(head));
  const identification = hasCurrency ? head.trim() : content;
  const iban = asIban(identification);

  return {
    identification,
    ...(iban && { iban }),
    ...(hasCurrency && { currency: match?.[3] }),
  };
}

export function parseStatementLine(
  fileName: string,
  field: SwiftField,
  currency: string,
): StatementLine {
  const first = (field.lines[0] ?? '').trimEnd();
  const match = STATEMENT_LINE.exec(first);
  if (!match) {
    failField(
      fileName,
      field,
      '',
      `"${first}" does not have the layout value date (YYMMDD), optional entry date (MMDD), C/D/RC/RD, amount, transaction type`,
    );
  }
  const [, valueText, entryText, mark, , amountText, type, rest] = match as unknown as string[];
  const valueDate = convert(fileName, field, 'value date', () =>
    parseSwiftDate(valueText as string),
  );
  const entryDate = entryText
    ? convert(fileName, field, 'entry date', () => inferEntryDate(entryText, valueDate))
    : undefined;
  const amount = amountText as string;
  const unsigned = convert(fileName, field, 'amount', () =>
    decimalToMinorUnits(
      amount,
      currency,
      amount.includes('.') && !amount.includes(',') ? '.' : ',',
    ),
  );
  const credit = mark === 'C' || mark === 'RD';
  const references = splitReferences(rest as string, field.lines.slice(1));

  return {
    valueDate,
    entryDate,
    minor: credit || unsigned === 0 ? unsigned : -unsigned,
    reversal: mark === 'RC' || mark === 'RD',
    transactionType: type as string,
    ...references,
  };
}

/**
 * Splits the rest of the :61: line into customer reference, bank reference
 * and supplementary details. Without "//", a customer reference padded with
 * spaces to 16 characters is followed by the supplementary details on the
 * same line (old Rabobank files). ING puts "/TRCD/nnnnn/" on the next lines;
 * text there before it continues the bank reference that ING wrapped.
 */
function splitReferences(
  rest: string,
  continuation: string[],
): Pick<
  StatementLine,
  'customerReference' | 'bankReference' | 'supplementaryDetails' | 'counterpartyName'
> {
  let customer = rest;
  let counterpartyName: string | undefined;
  let bank: string | undefined;
  const supplementary = continuation.map((line) => line.trim()).filter((line) => line !== '');
  const slashes = rest.indexOf('//');
  if (slashes >= 0) {
    customer = rest.slice(0, slashes);
    bank = rest.slice(slashes + 2).trim();
  } else if (
    rest.length > CUSTOMER_REFERENCE_LENGTH &&
    /\s$/.test(rest.slice(0, CUSTOMER_REFERENCE_LENGTH))
  ) {
    customer = rest.slice(0, CUSTOMER_REFERENCE_LENGTH);
    counterpartyName = meaningful(rest.slice(CUSTOMER_REFERENCE_LENGTH));
  }
  let details = supplementary.join(supplementary.some((line) => line.includes('TRCD')) ? '' : ' ');
  const trcd = details.indexOf('/TRCD/');
  if (trcd > 0 && bank !== undefined) {
    bank += details.slice(0, trcd);
    details = details.slice(trcd);
  }

  return {
    customerReference: meaningful(customer),
    bankReference: meaningful(bank),
    supplementaryDetails: meaningful(details),
    counterpartyName,
  };
}

function meaningful(value: string | undefined): string | undefined {
  const trimmed = value?.trim();

  return trimmed === undefined || trimmed === '' || trimmed === 'NONREF' ? undefined : trimmed;
}
