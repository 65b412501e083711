import type {
  AllocationOrder,
  EntityInput,
  EntitySettings,
  PaymentReferenceScheme,
} from './entity-types.ts';
import { formatVatPercent, parseVatPercent } from './vat-rate-percent.ts';

/** The entity form's state: text fields as strings ('' for none), selects as string or null. */
export interface FormValues {
  code: string;
  name: string;
  country: string | null;
  currency: string | null;
  /** The chosen languages in the order picked; the default goes first when saved. */
  languages: string[];
  defaultLanguage: string | null;
  timeZone: string | null;
  iban: string;
  bic: string;
  addressLine: string;
  postalCode: string;
  city: string;
  cocNumber: string;
  vatNumber: string;
  senderEmail: string;
  senderName: string;
  portalUrl: string;
  /** ISO weekdays as strings, '1' (Monday) to '7' (Sunday). */
  workingDays: string[];
  /** A built-in calendar's country code, or 'none'. */
  holidayCalendar: string;
  shiftDueDatesToWorkingDay: boolean;
  /** Whole number as typed; '' means no limit. */
  maxContactsPerWeek: string;
  /** HH:MM as typed; '' for none. */
  sendingWindowStart: string;
  sendingWindowEnd: string;
  paymentReferenceScheme: PaymentReferenceScheme;
  allocationOrder: AllocationOrder;
  creditorDeductsVat: boolean;
  /** Percent as typed, with a decimal comma or point, such as "21" or "9,5". */
  vatRatePercent: string;
  /** Whole numbers as typed. */
  letterDeliveryWorkingDays: string;
  arrangementGraceDays: string;
  paymentLinkExpiryDays: string;
  /** Empty: a message's payment link works while its invoices are open. */
  messagePaymentLinkExpiryDays: string;
}

/**
 * A new entity: languages and time zone empty, so that the server takes
 * them from the country, and Monday to Friday as working days.
 */
export const emptyFormValues: FormValues = {
  code: '',
  name: '',
  country: null,
  currency: null,
  languages: [],
  defaultLanguage: null,
  timeZone: null,
  iban: '',
  bic: '',
  addressLine: '',
  postalCode: '',
  city: '',
  cocNumber: '',
  vatNumber: '',
  senderEmail: '',
  senderName: '',
  portalUrl: '',
  workingDays: ['1', '2', '3', '4', '5'],
  holidayCalendar: 'none',
  shiftDueDatesToWorkingDay: true,
  maxContactsPerWeek: '2',
  sendingWindowStart: '',
  sendingWindowEnd: '',
  paymentReferenceScheme: 'rf',
  allocationOrder: 'costs_interest_principal',
  creditorDeductsVat: true,
  vatRatePercent: '21',
  letterDeliveryWorkingDays: '2',
  arrangementGraceDays: '5',
  paymentLinkExpiryDays: '30',
  messagePaymentLinkExpiryDays: '',
};

/** The form values of a stored entity; `locale` formats the VAT percent. */
export function formValuesOf(entity: EntitySettings, locale = 'en'): FormValues {
  return {
    code: entity.code,
    name: entity.name,
    country: entity.country,
    currency: entity.currency,
    languages: entity.languages,
    defaultLanguage: entity.languages[0] ?? entity.language,
    timeZone: entity.timeZone,
    iban: entity.iban ?? '',
    bic: entity.bic ?? '',
    addressLine: entity.addressLine ?? '',
    postalCode: entity.postalCode ?? '',
    city: entity.city ?? '',
    cocNumber: entity.cocNumber ?? '',
    vatNumber: entity.vatNumber ?? '',
    senderEmail: entity.senderEmail ?? '',
    senderName: entity.senderName ?? '',
    portalUrl: entity.portalUrl ?? '',
    workingDays: entity.workingDays.map(String),
    holidayCalendar: entity.holidayCalendar ?? 'none',
    shiftDueDatesToWorkingDay: entity.shiftDueDatesToWorkingDay,
    maxContactsPerWeek: entity.maxContactsPerWeek === null ? '' : String(entity.maxContactsPerWeek),
    sendingWindowStart: entity.sendingWindowStart ?? '',
    sendingWindowEnd: entity.sendingWindowEnd ?? '',
    paymentReferenceScheme: entity.paymentReferenceScheme,
    allocationOrder: entity.allocationOrder,
    creditorDeductsVat: entity.creditorDeductsVat,
    vatRatePercent: formatVatPercent(entity.vatRateBasisPoints, locale),
    letterDeliveryWorkingDays: String(entity.letterDeliveryWorkingDays),
    arrangementGraceDays: String(entity.arrangementGraceDays),
    paymentLinkExpiryDays: String(entity.paymentLinkExpiryDays),
    messagePaymentLinkExpiryDays:
      entity.messagePaymentLinkExpiryDays === null
        ? ''
        : String(entity.messagePaymentLinkExpiryDays),
  };
}

type NumberField =
  | 'vatRateBasisPoints'
  | 'letterDeliveryWorkingDays'
  | 'arrangementGraceDays'
  | 'paymentLinkExpiryDays'
  | 'messagePaymentLinkExpiryDays';

/**
 * Returns the payment fields whose text is no number of the right form: the
 * VAT percent with at most two decimals, the day counts as whole numbers.
 * The form marks them before it sends anything; the server checks the ranges.
 */
export function invalidNumberFields(values: FormValues): NumberField[] {
  const invalid: NumberField[] = [];
  if (parseVatPercent(values.vatRatePercent) === undefined) {
    invalid.push('vatRateBasisPoints');
  }
  if (!/^\d{1,3}$/.test(values.letterDeliveryWorkingDays.trim())) {
    invalid.push('letterDeliveryWorkingDays');
  }
  if (!/^\d{1,3}$/.test(values.arrangementGraceDays.trim())) {
    invalid.push('arrangementGraceDays');
  }
  if (!/^\d{1,3}$/.test(values.paymentLinkExpiryDays.trim())) {
    invalid.push('paymentLinkExpiryDays');
  }
  if (!/^(\d{1,3})?$/.test(values.messagePaymentLinkExpiryDays.trim())) {
    invalid.push('messagePaymentLinkExpiryDays');
  }

  return invalid;
}

/**
 * Turns the form into the request body: empty text becomes null, the
 * default language goes first. Empty languages and time zone are left out,
 * so that the server fills them in from the country.
 */
export function toEntityInput(values: FormValues): EntityInput {
  const text = (value: string) => (value.trim() === '' ? null : value.trim());
  const defaultLanguage =
    values.defaultLanguage && values.languages.includes(values.defaultLanguage)
      ? values.defaultLanguage
      : values.languages[0];
  const languages = defaultLanguage
    ? [defaultLanguage, ...values.languages.filter((language) => language !== defaultLanguage)]
    : [];

  const input: EntityInput = {
    code: values.code.trim(),
    name: values.name.trim(),
    currency: values.currency ?? '',
    country: values.country ?? '',
    languages,
    timeZone: values.timeZone ?? '',
    iban: text(values.iban),
    bic: text(values.bic),
    addressLine: text(values.addressLine),
    postalCode: text(values.postalCode),
    city: text(values.city),
    cocNumber: text(values.cocNumber),
    vatNumber: text(values.vatNumber),
    senderEmail: text(values.senderEmail),
    senderName: text(values.senderName),
    portalUrl: text(values.portalUrl),
    workingDays: values.workingDays.map(Number).sort((left, right) => left - right),
    holidayCalendar: values.holidayCalendar === 'none' ? null : values.holidayCalendar,
    shiftDueDatesToWorkingDay: values.shiftDueDatesToWorkingDay,
    // A non-number goes to the server as typed, so that its check reports it at the field.
    maxContactsPerWeek:
      values.maxContactsPerWeek.trim() === '' ? null : Number(values.maxContactsPerWeek.trim()),
    sendingWindowStart: text(values.sendingWindowStart),
    sendingWindowEnd: text(values.sendingWindowEnd),
    paymentReferenceScheme: values.paymentReferenceScheme,
    allocationOrder: values.allocationOrder,
    creditorDeductsVat: values.creditorDeductsVat,
    // invalidNumberFields stops the form before an unreadable number gets here.
    vatRateBasisPoints: parseVatPercent(values.vatRatePercent) ?? 0,
    letterDeliveryWorkingDays: Number(values.letterDeliveryWorkingDays.trim()),
    arrangementGraceDays: Number(values.arrangementGraceDays.trim()),
    paymentLinkExpiryDays: Number(values.paymentLinkExpiryDays.trim()),
    messagePaymentLinkExpiryDays:
      values.messagePaymentLinkExpiryDays.trim() === ''
        ? null
        : Number(values.messagePaymentLinkExpiryDays.trim()),
  };
  return withoutEmptyDefaults(input);
}

function withoutEmptyDefaults(input: EntityInput): EntityInput {
  const result: Partial<EntityInput> = { ...input };
  if (input.languages.length === 0) {
    delete result.languages;
  }
  if (input.timeZone === '') {
    delete result.timeZone;
  }
  return result as EntityInput;
}

/** Returns the fields of `after` that differ from `before`, for a PATCH that changes only those. */
export function changedFields(before: EntityInput, after: EntityInput): Partial<EntityInput> {
  const changed: Partial<Record<keyof EntityInput, unknown>> = {};
  for (const key of Object.keys(after) as Array<keyof EntityInput>) {
    if (key !== 'code' && JSON.stringify(after[key]) !== JSON.stringify(before[key])) {
      changed[key] = after[key];
    }
  }
  return changed as Partial<EntityInput>;
}
