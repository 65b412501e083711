/**
 * The catalogue of application errors. Each code is stable (clients and
 * scripts may depend on it) and maps to one HTTP status and one CLI exit
 * code; the HTTP layer and the CLI read these tables and nothing else.
 */
export const errorCatalogue = {
  invalid_input: { status: 400, exitCode: 2 },
  invalid_arguments: { status: 400, exitCode: 2 },
  payload_too_large: { status: 413, exitCode: 2 },
  import_rejected: { status: 422, exitCode: 2 },
  unauthenticated: { status: 401, exitCode: 1 },
  totp_required: { status: 401, exitCode: 1 },
  forbidden: { status: 403, exitCode: 1 },
  not_found: { status: 404, exitCode: 1 },
  conflict: { status: 409, exitCode: 2 },
  not_live: { status: 409, exitCode: 2 },
  already_exists: { status: 409, exitCode: 2 },
  organisation_ambiguous: { status: 400, exitCode: 2 },
  csrf_failed: { status: 403, exitCode: 1 },
  rate_limited: { status: 429, exitCode: 1 },
  delivery_failed: { status: 502, exitCode: 1 },
  internal: { status: 500, exitCode: 1 },
} as const satisfies Record<string, { status: number; exitCode: 0 | 1 | 2 }>;

export type ErrorCode = keyof typeof errorCatalogue;

/**
 * The catalogue of messages that clients show in their own language: each
 * stable key maps to the English text, with `{{name}}` for a parameter. The
 * CLI and the API send the English text. The web app has a Dutch and an
 * English translation of every key, and its tests check both.
 */
export const messageCatalogue = {
  // Errors of any request.
  request_invalid: 'Invalid request: {{summary}}.',
  request_body_too_large:
    'The request body is larger than the maximum of {{maxBytes}} bytes{{readable}}; send a smaller file.',
  request_rate_limited: 'Too many requests; try again in {{seconds}} seconds.',

  // Instalment schedules of arrangements.
  instalment_count_invalid:
    'instalmentCount {{count}} is invalid; give a whole number from {{min}} to {{max}}.',
  first_due_date_invalid: 'firstDueDate "{{date}}" is not a valid YYYY-MM-DD date.',
  first_due_date_past:
    'firstDueDate {{date}} lies before today ({{today}}); choose today or a later date.',
  portal_first_due_date_too_late:
    'firstDueDate {{date}} is more than {{days}} days away; choose a first payment date on or before {{latest}}.',
  portal_schedule_too_long:
    'The last instalment would fall due on {{date}}, after {{latest}}; choose fewer instalments or a shorter interval.',
  schedule_total_too_small:
    'The total of {{total}} {{currency}} cannot be split into {{count}} instalments; choose fewer instalments.',
  instalment_date_out_of_range:
    'Instalment {{sequence}} would fall due on {{dueDate}}, outside the supported dates {{first}} to {{last}}; choose an earlier firstDueDate or fewer instalments.',
  instalment_amounts_count:
    'amounts has {{given}} entries but instalmentCount is {{count}}; give one amount per instalment.',
  instalment_amount_not_positive:
    'amounts[{{index}}] is invalid; every instalment must be more than zero.',
  instalment_amount_invalid:
    'amounts[{{index}}] "{{amount}}" is invalid ({{problem}}); write a {{currency}} amount such as 250.00.',
  instalment_sum_mismatch:
    'The instalments sum to {{sum}} {{currency}} but the invoices have {{total}} {{currency}} open; make the amounts add up to the open total.',

  // Statement files rejected as a whole.
  statement_file_problem: '{{place}}, {{field}} {{problem}}; {{fix}}.',
  statement_file_unknown_format:
    '{{place}}, content ("{{firstLine}}") is neither camt XML nor an MT940 or MT942 statement; export the statement from online banking as camt.053 or MT940 and import that file.',
  statement_file_not_camt:
    '{{place}}, Document is missing: the file is XML but not a camt message; export the statement as camt.053 (or MT940) from online banking.',
  statement_file_camt_namespace:
    '{{place}}, namespace "{{namespace}}" of element {{element}} is not a supported camt namespace (camt.052, camt.053 or camt.054, versions 001.01 to 001.08); export the statement as camt.053 version 001.02 or later (or MT940) from online banking.',
  statement_file_xml_malformed:
    '{{place}}, XML {{problem}}; ask the bank for a new export of the file, and check that nothing changed it on the way.',
  statement_file_interim_report:
    '{{file}} is an interim report ({{format}}) with {{statements}} report(s) and {{transactions}} transaction(s); nothing was booked, because the final statement of the day books these transactions. Import the {{finalFormat}} statement instead.',
  statement_file_foreign_account:
    '{{file}}, statement {{statementNumber}} ({{statement}}), account {{account}} is not a bank account of entity {{entity}} (its accounts: {{accounts}}); check that you chose the right entity, add the account to the entity, or import with {{overrideHint}}.',
  statement_file_no_mt940_statement:
    '{{place}}, :20: is missing: the file contains no statement; check that the file is an MT940 export; if it is, ask the bank for a corrected export.',

  password_too_short: 'The password is too short: use at least {{min}} characters.',
  password_too_simple:
    'The password is too easy to guess: it repeats a few characters or runs through consecutive ones. Use at least {{distinct}} different characters, such as a few unrelated words.',

  // Warnings of imported bank statements: the file was booked, but needs a look.
  statement_details_without_amounts:
    'the entry has {{count}} transaction details without their own amounts, so it is kept as one transaction',
  statement_detail_amount_differs:
    'the transaction details give {{detailAmount}} {{detailCurrency}}, but the entry amount of {{entryAmount}} {{currency}} is what the bank booked',
  statement_details_sum_differs:
    "the entry's transaction details add up to {{sum}} {{currency}}, but the entry amount is {{amount}} {{currency}}",
  statement_account_iban_invalid:
    'account IBAN {{iban}} fails the IBAN check (ISO 13616); check that the file is from your bank',
  statement_balance_currency_differs:
    'opening balance is in {{openingCurrency}} but closing balance in {{closingCurrency}}',
  statement_balance_mismatch:
    'opening balance {{opening}} plus the transactions gives {{total}}, but the closing balance is {{closing}} {{currency}}; the file may not contain every transaction',
  statement_no_closing_balance:
    'the statement has no closing balance :62F:, so it may be incomplete',
  counterparty_iban_invalid:
    'counterparty IBAN {{iban}} fails the IBAN check (ISO 13616); check the account before paying anything back to it',
  payment_reference_invalid:
    'Dutch payment reference {{reference}} fails its length or check digit test; match this payment by hand',
  creditor_reference_invalid:
    'RF creditor reference {{reference}} fails its ISO 11649 check; match this payment by hand',
  booked_on_import_date:
    'the file gives no booking date, value date or balance date, so the payment is booked on the import date {{importDate}}; correct it if the bank booked it earlier',
  receipt_is_reversal:
    'the bank marks this money in as a reversal or return of a payment the entity made, so it is not matched to invoices; dismiss it when no debtor paid it',
  booking_date_implausible:
    'booking date {{date}} lies more than one year away from {{referenceDate}} (the creation date of the statement, else the import date); check the date with the bank, because the payment is booked on it',
  value_date_implausible:
    'value date {{date}} lies more than one year away from {{referenceDate}} (the creation date of the statement, else the import date); check the date with the bank',

  // Rows of an import file: the import module words these texts itself, and
  // recognizeMessage finds their keys. Each must stay equal to the text it words.
  // NOTE: reasons about amounts, payment references and the header row have no
  // key yet, so the web app shows them in English.
  import_debtor_identity_empty: 'the debtor number and name are both empty; fill in at least one',
  import_debtor_kind_invalid: 'is not a debtor kind; use b2b (company) or b2c (consumer)',
  import_language_invalid: 'is not a language code; use two letters (ISO 639-1), such as nl or en',
  import_country_invalid: 'is not a country code; use two letters (ISO 3166), such as NL',
  import_email_invalid: 'is not an e-mail address; write one address, or several separated by ";"',
  import_iban_invalid:
    '{{iban}} is not a valid IBAN: its country, length or check digits are wrong; correct it, or leave the cell empty (several IBANs are separated by ";")',
  import_invoice_number_empty: 'the invoice number is empty; fill it in',
  import_currency_invalid: 'is not a currency code; use three letters (ISO 4217), such as EUR',
  import_amount_empty: 'the amount is empty; fill it in',
  import_paid_and_open:
    'the row has a paid date and an open amount other than 0; leave one of them empty',
  import_negative_invoice:
    'a negative amount is a credit note; write credit_note, or correct the sign of the amount',
  import_kind_invalid: 'is not a kind; use invoice or credit_note',
  import_open_amount_out_of_range:
    'the open amount must lie between 0 and the amount, with the same sign; correct it',
  import_due_before_invoice_date:
    'the due date is before the invoice date {{invoiceDate}}; correct one of them',
  import_paid_after_import_date:
    'the paid date is after the import date {{importDate}}; correct it, or import on a later date',
  import_due_date_empty:
    'the due date is empty; fill it in, or give invoice_date and payment_terms',
  import_payment_terms_invalid: 'is not a number of days; write a whole number from 0 to {{max}}',
  import_invoice_date_needed:
    'the invoice date is needed to compute the due date from the payment terms; fill it in',
  import_date_is_number: 'is a number, not a date; format the cells as dates',
  import_date_not_real: 'is not a real calendar date; correct the day or month (format {{format}})',
  import_date_format:
    'is not a date in the format {{format}}; write it as {{format}}, or set "dateFormat" in a mapping file',
  import_invoice_repeated:
    'invoice {{invoice}} is also on line {{line}}; each invoice may appear on one line only',
  import_reference_repeated:
    'the payment reference {{reference}} is also on line {{line}}; give each invoice its own reference, or leave the cell empty to let Collecta make one',
  import_reference_taken:
    'the payment reference belongs to invoice {{invoice}} already; give each invoice its own reference, or leave the cell empty to let Collecta make one',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof messageCatalogue;

export type MessageParams = Record<string, string | number>;

/** A message with its stable key and parameters, and the English text built from them. */
export interface Notice {
  key: MessageKey;
  params: MessageParams;
  message: string;
}

/**
 * Builds the notice of a catalogue key. Throws when a parameter of the
 * English text is not given, because the text would show `{{name}}`.
 */
export function notice(key: MessageKey, params: MessageParams = {}): Notice {
  const message = messageCatalogue[key].replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new Error(`Message ${key} needs the parameter ${name}.`);
    }
    return String(value);
  });

  return { key, params, message };
}

/**
 * Builds the notice of a catalogue key whose English text the caller words
 * itself, for example with plurals or optional parts that the catalogue
 * text cannot express. The catalogue text stays the pattern for translations.
 */
export function messageText(key: MessageKey, params: MessageParams, message: string): Notice {
  return { key, params, message };
}

/** A message for the API: the English text, with the key and parameters when they are known. */
export interface MessageDetail {
  key?: MessageKey;
  params?: MessageParams;
  message: string;
}

let messagePatterns: Array<[MessageKey, RegExp]> | undefined;

/**
 * Finds the catalogue key and parameters of an English text that notice()
 * built, such as a warning stored as text. Parameters come back as strings.
 * A text that fits no catalogue text, such as one that an older version
 * worded otherwise, keeps only its text.
 */
export function recognizeMessage(text: string): MessageDetail {
  // The text with the most words of its own goes first, so that a general text such as
  // statement_file_problem matches only when no more specific one does.
  messagePatterns ??= (Object.keys(messageCatalogue) as MessageKey[])
    .sort((a, b) => literalLength(messageCatalogue[b]) - literalLength(messageCatalogue[a]))
    .map((key) => [key, templatePattern(messageCatalogue[key])]);
  for (const [key, pattern] of messagePatterns) {
    const match = pattern.exec(text);
    if (match) {
      return { key, params: { ...match.groups }, message: text };
    }
  }

  return { message: text };
}

function literalLength(template: string): number {
  return template.replace(/\{\{\w+\}\}/g, '').length;
}

/** Turns a catalogue text into a regular expression with a named group per parameter. */
function templatePattern(template: string): RegExp {
  const seen = new Set<string>();
  const source = template
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (name === undefined) {
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      }
      // A parameter that the text names twice, such as a currency, has the same value both times.
      if (seen.has(name)) {
        return `\\k<${name}>`;
      }
      seen.add(name);
      return `(?<${name}>.*?)`;
    })
    .join('');

  return new RegExp(`^${source}$`, 's');
}

export class AppError extends Error {
  /** The message's catalogue key, when it has one; clients translate it with `params`. */
  readonly key?: MessageKey;
  readonly params?: MessageParams;

  constructor(
    readonly code: ErrorCode,
    message: string | Notice,
    /** Structured detail for clients, such as the rejected rows of an import. */
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : message.message);
    this.name = 'AppError';
    if (typeof message !== 'string') {
      this.key = message.key;
      this.params = message.params;
    }
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  get exitCode(): 0 | 1 | 2 {
    return errorCatalogue[this.code].exitCode;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
