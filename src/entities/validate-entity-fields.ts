import { AppError } from '../errors.ts';
import {
  checkBic,
  checkCocNumber,
  checkCountry,
  checkCurrency,
  checkEmail,
  checkEntityCode,
  checkHolidayCalendar,
  checkIban,
  checkLanguage,
  checkLanguages,
  checkName,
  checkPortalUrl,
  checkText,
  checkTimeZone,
  checkVatNumber,
  checkWorkingDays,
  checkBoolean,
  checkMaxContactsPerWeek,
  checkTimeOfDay,
  FieldProblem,
  quote,
} from './entity-field-rules.ts';
import type { HolidayCalendar } from './entity-options.ts';
import type { AllocationOrder, PaymentReferenceScheme } from '../db/schema.ts';
import {
  checkAllocationOrder,
  checkArrangementGraceDays,
  checkPaymentLinkExpiryDays,
  checkLetterDeliveryWorkingDays,
  checkPaymentReferenceScheme,
  checkVatRateBasisPoints,
} from './payment-setting-rules.ts';

/**
 * Entity settings as a client sends them. Absent fields stay as they are;
 * null or an empty string clears an optional field.
 */
export interface EntityFieldsInput {
  code?: string;
  name?: string;
  currency?: string;
  country?: string;
  /** Languages the entity writes to debtors in; the first is the default. */
  languages?: readonly string[];
  /** The default language alone, for callers that know one only; must match languages[0]. */
  language?: string;
  timeZone?: string;
  iban?: string | null;
  bic?: string | null;
  addressLine?: string | null;
  postalCode?: string | null;
  city?: string | null;
  cocNumber?: string | null;
  vatNumber?: string | null;
  senderEmail?: string | null;
  senderName?: string | null;
  portalUrl?: string | null;
  /** ISO weekdays on which messages may be sent: 1 is Monday, 7 is Sunday. */
  workingDays?: readonly number[];
  holidayCalendar?: string | null;
  /** Whether days past due count from the next sending day when the due date is not a sending day. */
  shiftDueDatesToWorkingDay?: boolean;
  /** Most messages and call tasks per debtor in 7 days, 1 to 50; null for no limit. */
  maxContactsPerWeek?: number | null;
  /** Local time, HH:MM, from which e-mails and SMS messages are sent; null with the end for any hour. */
  sendingWindowStart?: string | null;
  /** Local time, HH:MM, until which e-mails and SMS messages are sent; 24:00 is midnight. */
  sendingWindowEnd?: string | null;
  /** 'rf': ISO 11649 creditor references; 'nl': Dutch payment references (betalingskenmerk). */
  paymentReferenceScheme?: string;
  /** 'costs_interest_principal' (the Dutch legal order) or 'principal_interest_costs'. */
  allocationOrder?: string;
  /** False for a creditor that cannot deduct VAT: only then do collection costs carry VAT. */
  creditorDeductsVat?: boolean;
  /** VAT rate on collection costs in basis points, 0 to 10000; 2100 is 21%. */
  vatRateBasisPoints?: number;
  /** Working days after posting on which a letter counts as delivered, 0 to 10. */
  letterDeliveryWorkingDays?: number;
  /** Days after an instalment's due date before an unpaid instalment breaks its arrangement, 0 to 60. */
  arrangementGraceDays?: number;
  /** Days that a payment link made on the customer card works, 1 to 365. */
  paymentLinkExpiryDays?: number;
  /** Days that a dunning message's payment link works, 1 to 365; null: while its invoices are open. */
  messagePaymentLinkExpiryDays?: number | null;
}

export type EntityField = keyof EntityFieldsInput;

/** Validated and normalised settings: the fields that were given, `language` merged into `languages`. */
export interface EntityFields {
  code?: string;
  name?: string;
  currency?: string;
  country?: string;
  languages?: string[];
  timeZone?: string;
  iban?: string | null;
  bic?: string | null;
  addressLine?: string | null;
  postalCode?: string | null;
  city?: string | null;
  cocNumber?: string | null;
  vatNumber?: string | null;
  senderEmail?: string | null;
  senderName?: string | null;
  portalUrl?: string | null;
  workingDays?: number[];
  holidayCalendar?: HolidayCalendar | null;
  shiftDueDatesToWorkingDay?: boolean;
  maxContactsPerWeek?: number | null;
  sendingWindowStart?: string | null;
  sendingWindowEnd?: string | null;
  paymentReferenceScheme?: PaymentReferenceScheme;
  allocationOrder?: AllocationOrder;
  creditorDeductsVat?: boolean;
  vatRateBasisPoints?: number;
  letterDeliveryWorkingDays?: number;
  arrangementGraceDays?: number;
  paymentLinkExpiryDays?: number;
  messagePaymentLinkExpiryDays?: number | null;
}

/** One invalid field, as listed in the error details. */
export interface FieldIssue {
  field: EntityField;
  value: unknown;
  /** The problem with the value and its fix, without the field name. */
  message: string;
}

export interface ValidateEntityOptions {
  /** The name a message gives a field: "timeZone" in the API, "--timezone" on the command line. */
  labelOf?: (field: EntityField) => string;
  /** The stored values of an entity that is being changed, for checks that compare fields. */
  current?: {
    code: string;
    country: string;
    iban: string | null;
    bic: string | null;
    sending_window_start?: string | null;
    sending_window_end?: string | null;
  };
}

/**
 * Validates and normalises entity settings, shared by the API and the CLI.
 * Every invalid field is reported at once: the error is invalid_input, its
 * message names each field, its value and the fix, and its details are
 * `{ fields: FieldIssue[] }`.
 */
export function validateEntityFields(
  input: EntityFieldsInput,
  options: ValidateEntityOptions = {},
): EntityFields {
  const issues: FieldIssue[] = [];
  const check = <T>(field: EntityField, value: unknown, rule: () => T): T | undefined => {
    try {
      return rule();
    } catch (error) {
      if (!(error instanceof FieldProblem)) {
        throw error;
      }
      issues.push({ field, value, message: error.message });
      return undefined;
    }
  };
  const given = <T, R>(field: EntityField, value: T | undefined, rule: (value: T) => R) =>
    value === undefined ? undefined : check(field, value, () => rule(value));
  const optional = (
    field: EntityField,
    value: string | null | undefined,
    rule: (value: string) => string,
  ): string | null | undefined => {
    if (value === undefined || value === null || value.trim() === '') {
      return value === undefined ? undefined : null;
    }
    return check(field, value, () => rule(value));
  };

  const fields: EntityFields = {
    code: given('code', input.code, checkEntityCode),
    name: given('name', input.name, checkName),
    currency: given('currency', input.currency, checkCurrency),
    country: given('country', input.country, checkCountry),
    languages: given('languages', input.languages, checkLanguages),
    timeZone: given('timeZone', input.timeZone, checkTimeZone),
    iban: optional('iban', input.iban, checkIban),
    bic: optional('bic', input.bic, checkBic),
    addressLine: optional('addressLine', input.addressLine, (value) => checkText(value, 200)),
    postalCode: optional('postalCode', input.postalCode, (value) => checkText(value, 20)),
    city: optional('city', input.city, (value) => checkText(value, 100)),
    vatNumber: optional('vatNumber', input.vatNumber, checkVatNumber),
    senderEmail: optional('senderEmail', input.senderEmail, checkEmail),
    senderName: optional('senderName', input.senderName, (value) => checkText(value, 200)),
    portalUrl: optional('portalUrl', input.portalUrl, checkPortalUrl),
    workingDays: given('workingDays', input.workingDays, checkWorkingDays),
    holidayCalendar:
      input.holidayCalendar === null
        ? null
        : given('holidayCalendar', input.holidayCalendar, checkHolidayCalendar),
    shiftDueDatesToWorkingDay: given(
      'shiftDueDatesToWorkingDay',
      input.shiftDueDatesToWorkingDay,
      checkBoolean,
    ),
    maxContactsPerWeek:
      input.maxContactsPerWeek === null
        ? null
        : given('maxContactsPerWeek', input.maxContactsPerWeek, checkMaxContactsPerWeek),
    sendingWindowStart: optional('sendingWindowStart', input.sendingWindowStart, (value) =>
      checkTimeOfDay(value, { allowMidnightEnd: false }),
    ),
    sendingWindowEnd: optional('sendingWindowEnd', input.sendingWindowEnd, (value) =>
      checkTimeOfDay(value, { allowMidnightEnd: true }),
    ),
    paymentReferenceScheme: given(
      'paymentReferenceScheme',
      input.paymentReferenceScheme,
      checkPaymentReferenceScheme,
    ),
    allocationOrder: given('allocationOrder', input.allocationOrder, checkAllocationOrder),
    creditorDeductsVat: given('creditorDeductsVat', input.creditorDeductsVat, checkBoolean),
    vatRateBasisPoints: given(
      'vatRateBasisPoints',
      input.vatRateBasisPoints,
      checkVatRateBasisPoints,
    ),
    letterDeliveryWorkingDays: given(
      'letterDeliveryWorkingDays',
      input.letterDeliveryWorkingDays,
      checkLetterDeliveryWorkingDays,
    ),
    arrangementGraceDays: given(
      'arrangementGraceDays',
      input.arrangementGraceDays,
      checkArrangementGraceDays,
    ),
    paymentLinkExpiryDays: given(
      'paymentLinkExpiryDays',
      input.paymentLinkExpiryDays,
      checkPaymentLinkExpiryDays,
    ),
    messagePaymentLinkExpiryDays:
      input.messagePaymentLinkExpiryDays === null
        ? null
        : given(
            'messagePaymentLinkExpiryDays',
            input.messagePaymentLinkExpiryDays,
            checkPaymentLinkExpiryDays,
          ),
  };
  const country = fields.country ?? options.current?.country;
  fields.cocNumber = optional('cocNumber', input.cocNumber, (value) =>
    checkCocNumber(value, country),
  );
  if (options.current && fields.code !== undefined && fields.code !== options.current.code) {
    issues.push({
      field: 'code',
      value: input.code,
      message: `The code of an entity cannot change; it is ${quote(options.current.code)}. Leave the code out, or add a new entity for a new code.`,
    });
  }
  mergeLanguage(input, fields, issues);
  checkBicMatchesIban(input, fields, options.current, issues);
  checkSendingWindow(input, fields, options.current, issues);

  if (issues.length > 0) {
    throw invalidEntityError(issues, options.labelOf ?? ((field) => field));
  }

  return dropAbsent(fields);
}

/** Puts a single `language` into `languages`, or checks that it matches their first. */
function mergeLanguage(input: EntityFieldsInput, fields: EntityFields, issues: FieldIssue[]) {
  if (input.language === undefined) {
    return;
  }
  let language: string;
  try {
    language = checkLanguage(input.language);
  } catch (error) {
    if (!(error instanceof FieldProblem)) {
      throw error;
    }
    issues.push({ field: 'language', value: input.language, message: error.message });
    return;
  }
  if (input.languages === undefined) {
    fields.languages = [language];
  } else if (fields.languages && fields.languages[0] !== language) {
    issues.push({
      field: 'language',
      value: input.language,
      message: `${quote(input.language)} differs from the first of the languages, ${fields.languages[0]}. Give the default language first in the languages, or leave out the language.`,
    });
  }
}

/**
 * Banks in the territories below use the IBAN of another country: the
 * French overseas departments and collectivities hold FR IBANs, and
 * Jersey, Guernsey and the Isle of Man hold GB IBANs.
 */
const bicCountriesByIbanCountry: Record<string, readonly string[]> = {
  FR: ['FR', 'GF', 'GP', 'MQ', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF'],
  GB: ['GB', 'JE', 'GG', 'IM'],
};

/** Checks that the bank country of the BIC fits the IBAN, when either of them changes. */
function checkBicMatchesIban(
  input: EntityFieldsInput,
  fields: EntityFields,
  current: ValidateEntityOptions['current'],
  issues: FieldIssue[],
) {
  if (input.iban === undefined && input.bic === undefined) {
    return;
  }
  if (issues.some((issue) => issue.field === 'iban' || issue.field === 'bic')) {
    return;
  }
  const iban = fields.iban === undefined ? current?.iban : fields.iban;
  const bic = fields.bic === undefined ? current?.bic : fields.bic;
  if (!iban || !bic) {
    return;
  }
  const ibanCountry = iban.slice(0, 2);
  const bicCountry = bic.slice(4, 6);
  const allowed = bicCountriesByIbanCountry[ibanCountry] ?? [ibanCountry];
  if (allowed.includes(bicCountry)) {
    return;
  }
  const field = input.bic === undefined ? 'iban' : 'bic';
  issues.push({
    field,
    value: field === 'bic' ? input.bic : input.iban,
    message: `The BIC ${bic} belongs to a bank in ${bicCountry}, but the IBAN ${iban} is from ${ibanCountry}. Use the BIC of the bank that holds the IBAN.`,
  });
}

/**
 * Checks that the sending window has both ends or neither, and that it
 * starts before it ends, when either end changes. A window cannot pass
 * midnight.
 */
function checkSendingWindow(
  input: EntityFieldsInput,
  fields: EntityFields,
  current: ValidateEntityOptions['current'],
  issues: FieldIssue[],
) {
  if (input.sendingWindowStart === undefined && input.sendingWindowEnd === undefined) {
    return;
  }
  const windowFields: EntityField[] = ['sendingWindowStart', 'sendingWindowEnd'];
  if (issues.some((issue) => windowFields.includes(issue.field))) {
    return;
  }
  const start =
    fields.sendingWindowStart === undefined
      ? (current?.sending_window_start ?? null)
      : fields.sendingWindowStart;
  const end =
    fields.sendingWindowEnd === undefined
      ? (current?.sending_window_end ?? null)
      : fields.sendingWindowEnd;
  const field = input.sendingWindowEnd === undefined ? 'sendingWindowStart' : 'sendingWindowEnd';
  const value = field === 'sendingWindowEnd' ? input.sendingWindowEnd : input.sendingWindowStart;
  if ((start === null) !== (end === null)) {
    issues.push({
      field,
      value,
      message: `The sending window needs a start and an end, but only ${start === null ? `the end ${end}` : `the start ${start}`} is set. Give both, such as 08:00 and 18:00, or clear both to send at any hour.`,
    });
  } else if (start !== null && end !== null && start >= end) {
    issues.push({
      field,
      value,
      message: `The sending window starts at ${start}, which is not before its end ${end}. Give an end later on the same day; a window cannot pass midnight.`,
    });
  }
}

function invalidEntityError(
  issues: FieldIssue[],
  labelOf: (field: EntityField) => string,
): AppError {
  const sentences = issues.map((issue) => `${labelOf(issue.field)}: ${issue.message}`);

  return new AppError('invalid_input', `Invalid entity settings. ${sentences.join(' ')}`, {
    fields: issues,
  });
}

function dropAbsent(fields: EntityFields): EntityFields {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as EntityFields;
}
