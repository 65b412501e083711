import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { isCurrencyCode } from '../money/money.ts';
import { checkPaymentReference } from '../payments/parse-payment-reference.ts';
import type { ImportedInvoice } from './imported-records.ts';
import type { RowReader } from './row-reader.ts';

const creditNoteWords = new Set(['credit_note', 'credit note', 'creditnote', 'credit', 'cn']);
const invoiceWords = new Set(['invoice', 'inv']);
const MAX_PAYMENT_TERMS_DAYS = 3650;

/**
 * Reads the invoice fields of a row. Credit notes are negative: a negative
 * amount makes one, and a row of kind credit_note with a positive amount is
 * negated (its open amount too). Invalid fields are recorded on the reader;
 * undefined means the row cannot become an invoice.
 */
export function parseInvoiceFields(
  reader: RowReader,
  context: { debtorNumber: string; defaultCurrency: string; importDate: PlainDate },
): ImportedInvoice | undefined {
  const number = reader.text('invoice_number');
  if (number === '') {
    reader.reject('invoice_number', 'the invoice number is empty; fill it in');
  }
  const currency = (reader.text('currency') || context.defaultCurrency).toUpperCase();
  if (!isCurrencyCode(currency)) {
    reader.reject('currency', 'is not a currency code; use three letters (ISO 4217), such as EUR');
  }

  const written = reader.amount('amount', currency);
  const kindText = reader.text('kind').toLowerCase();
  const kind = parseKind(reader, kindText, written);
  const sign = kind === 'credit_note' && written !== undefined && written > 0 ? -1 : 1;
  const amountMinor = written === undefined ? undefined : sign * written;
  if (amountMinor === undefined && reader.text('amount') === '') {
    reader.reject('amount', 'the amount is empty; fill it in');
  }
  const openWritten = reader.amount('open_amount', currency);
  const openMinor = openWritten === undefined ? undefined : sign * openWritten;
  if (amountMinor !== undefined && openMinor !== undefined) {
    checkOpenAmount(reader, amountMinor, openMinor);
  }

  const paymentReference = parsePaymentReference(reader);
  const dates = parseDates(reader, context.importDate);
  if (dates.paidDate && openMinor !== undefined && openMinor !== 0) {
    reader.reject(
      'open_amount',
      'the row has a paid date and an open amount other than 0; leave one of them empty',
    );
  }
  if (
    reader.problems.length > 0 ||
    !number ||
    amountMinor === undefined ||
    !kind ||
    !dates.dueDate
  ) {
    return undefined;
  }

  return {
    line: reader.row.line,
    number,
    debtorNumber: context.debtorNumber,
    kind,
    invoiceDate: dates.invoiceDate ?? earlier(dates.dueDate, context.importDate),
    dueDate: dates.dueDate,
    currency,
    amountMinor,
    ...(openMinor === undefined ? {} : { openMinor }),
    ...(dates.paidDate ? { paidDate: dates.paidDate } : {}),
    ...(paymentReference ? { paymentReference } : {}),
    custom: {},
  };
}

/**
 * Reads the payment reference column: empty, a valid RF creditor reference
 * or a valid Dutch payment reference. Anything else is a row error, even an
 * accounting package's own reference, because the QR code, the statement
 * matcher and the check digits rely on one of the two schemes.
 */
function parsePaymentReference(reader: RowReader): string | undefined {
  const text = reader.text('payment_reference');
  if (text === '') {
    return undefined;
  }
  const check = checkPaymentReference(text);
  if (check.valid) {
    return check.reference;
  }
  const fix =
    check.scheme === undefined
      ? 'Give one of those, leave the cell empty to let Collecta make one, or map the column to a custom field such as invoice.custom.reference.'
      : 'Correct it, or leave the cell empty to let Collecta make one.';

  return reader.reject('payment_reference', `${check.message} ${fix}`);
}

function parseKind(
  reader: RowReader,
  text: string,
  amount: number | undefined,
): 'invoice' | 'credit_note' | undefined {
  if (creditNoteWords.has(text)) {
    return 'credit_note';
  }
  if (invoiceWords.has(text)) {
    if (amount !== undefined && amount < 0) {
      return reader.reject(
        'kind',
        'a negative amount is a credit note; write credit_note, or correct the sign of the amount',
      );
    }
    return 'invoice';
  }
  if (text) {
    return reader.reject('kind', 'is not a kind; use invoice or credit_note');
  }

  return amount !== undefined && amount < 0 ? 'credit_note' : 'invoice';
}

function checkOpenAmount(reader: RowReader, amountMinor: number, openMinor: number): void {
  const sameSign = openMinor === 0 || Math.sign(openMinor) === Math.sign(amountMinor);
  if (!sameSign || Math.abs(openMinor) > Math.abs(amountMinor)) {
    reader.reject(
      'open_amount',
      'the open amount must lie between 0 and the amount, with the same sign; correct it',
    );
  }
}

function parseDates(
  reader: RowReader,
  importDate: PlainDate,
): { invoiceDate?: PlainDate; dueDate?: PlainDate; paidDate?: PlainDate } {
  const invoiceDate = reader.date('invoice_date');
  let dueDate = reader.date('due_date');
  if (!dueDate && reader.text('due_date') === '') {
    dueDate = dueFromTerms(reader, invoiceDate);
  }
  if (invoiceDate && dueDate && dueDate < invoiceDate) {
    reader.reject(
      'due_date',
      `the due date is before the invoice date ${invoiceDate}; correct one of them`,
    );
  }
  const paidDate = reader.date('paid_date');
  if (paidDate && paidDate > importDate) {
    reader.reject(
      'paid_date',
      `the paid date is after the import date ${importDate}; correct it, or import on a later date`,
    );
  }

  return { invoiceDate, dueDate, paidDate };
}

function dueFromTerms(
  reader: RowReader,
  invoiceDate: PlainDate | undefined,
): PlainDate | undefined {
  const terms = reader.text('payment_terms');
  if (terms === '') {
    return reader.reject(
      'due_date',
      'the due date is empty; fill it in, or give invoice_date and payment_terms',
    );
  }
  if (!/^\d{1,4}$/.test(terms) || Number(terms) > MAX_PAYMENT_TERMS_DAYS) {
    return reader.reject(
      'payment_terms',
      `is not a number of days; write a whole number from 0 to ${MAX_PAYMENT_TERMS_DAYS}`,
    );
  }
  if (!invoiceDate) {
    return reader.reject(
      'invoice_date',
      'the invoice date is needed to compute the due date from the payment terms; fill it in',
    );
  }

  return addDays(invoiceDate, Number(terms));
}

function earlier(first: PlainDate, second: PlainDate): PlainDate {
  return first < second ? first : second;
}
