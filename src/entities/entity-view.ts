import type { Updateable } from 'kysely';
import type { AllocationOrder, Entity, EntityTable, PaymentReferenceScheme } from '../db/schema.ts';
import type { EntityFields } from './validate-entity-fields.ts';

/** An entity row without the logo bytes and the segment scheduler's date, as the entity queries select it. */
export type EntityRow = Omit<Entity, 'logo' | 'segments_evaluated_on'>;

/** The columns of EntityRow, for `selectFrom('entities').select(ENTITY_ROW_COLUMNS)`. */
export const ENTITY_ROW_COLUMNS = [
  'id',
  'organisation_id',
  'code',
  'name',
  'currency',
  'country',
  'language',
  'languages',
  'time_zone',
  'iban',
  'bic',
  'address_line',
  'postal_code',
  'city',
  'coc_number',
  'vat_number',
  'sender_email',
  'sender_name',
  'portal_url',
  'working_days',
  'holiday_calendar',
  'shift_due_dates_to_working_day',
  'max_contacts_per_week',
  'sending_window_start',
  'sending_window_end',
  'logo_content_type',
  'payment_reference_scheme',
  'allocation_order',
  'creditor_deducts_vat',
  'vat_rate_basis_points',
  'letter_delivery_working_days',
  'arrangement_grace_days',
  'payment_link_expiry_days',
  'message_payment_link_expiry_days',
  'created_at',
  'updated_at',
] as const satisfies ReadonlyArray<keyof EntityRow>;

/** An entity's settings as the API returns them and the audit log records them. */
export interface EntityView {
  id: string;
  code: string;
  name: string;
  currency: string;
  country: string;
  /** The default language: the first of `languages`. */
  language: string;
  languages: string[];
  timeZone: string;
  iban: string | null;
  bic: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  cocNumber: string | null;
  vatNumber: string | null;
  senderEmail: string | null;
  senderName: string | null;
  portalUrl: string | null;
  workingDays: number[];
  holidayCalendar: string | null;
  /** Whether a due date that is not a sending day counts as the next sending day. */
  shiftDueDatesToWorkingDay: boolean;
  /** Most messages and call tasks per debtor in 7 days; null means no limit. */
  maxContactsPerWeek: number | null;
  /** Local HH:MM range in which e-mails and SMS messages are sent; both null means any hour. */
  sendingWindowStart: string | null;
  sendingWindowEnd: string | null;
  hasLogo: boolean;
  paymentReferenceScheme: PaymentReferenceScheme;
  allocationOrder: AllocationOrder;
  creditorDeductsVat: boolean;
  /** VAT rate on collection costs when the creditor cannot deduct VAT; 2100 is 21%. */
  vatRateBasisPoints: number;
  letterDeliveryWorkingDays: number;
  arrangementGraceDays: number;
  paymentLinkExpiryDays: number;
  /** Null: a message's payment link works while its invoices are open. */
  messagePaymentLinkExpiryDays: number | null;
}

export function toEntityView(row: EntityRow): EntityView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    currency: row.currency,
    country: row.country,
    language: row.language,
    // Entities from before the languages column have an empty list: their language alone applies.
    languages: row.languages.length > 0 ? row.languages : [row.language],
    timeZone: row.time_zone,
    iban: row.iban,
    bic: row.bic,
    addressLine: row.address_line,
    postalCode: row.postal_code,
    city: row.city,
    cocNumber: row.coc_number,
    vatNumber: row.vat_number,
    senderEmail: row.sender_email,
    senderName: row.sender_name,
    portalUrl: row.portal_url,
    workingDays: row.working_days.map(Number),
    holidayCalendar: row.holiday_calendar,
    shiftDueDatesToWorkingDay: row.shift_due_dates_to_working_day,
    maxContactsPerWeek: row.max_contacts_per_week,
    sendingWindowStart: row.sending_window_start,
    sendingWindowEnd: row.sending_window_end,
    hasLogo: row.logo_content_type !== null,
    paymentReferenceScheme: row.payment_reference_scheme,
    allocationOrder: row.allocation_order,
    creditorDeductsVat: row.creditor_deducts_vat,
    vatRateBasisPoints: row.vat_rate_basis_points,
    letterDeliveryWorkingDays: row.letter_delivery_working_days,
    arrangementGraceDays: row.arrangement_grace_days,
    paymentLinkExpiryDays: row.payment_link_expiry_days,
    messagePaymentLinkExpiryDays: row.message_payment_link_expiry_days,
  };
}

/** Maps validated settings to the columns they are stored in; `language` is the first language. */
export function toEntityColumns(fields: EntityFields): Updateable<EntityTable> {
  const columns: Updateable<EntityTable> = {
    code: fields.code,
    name: fields.name,
    currency: fields.currency,
    country: fields.country,
    languages: fields.languages,
    language: fields.languages?.[0],
    time_zone: fields.timeZone,
    iban: fields.iban,
    bic: fields.bic,
    address_line: fields.addressLine,
    postal_code: fields.postalCode,
    city: fields.city,
    coc_number: fields.cocNumber,
    vat_number: fields.vatNumber,
    sender_email: fields.senderEmail,
    sender_name: fields.senderName,
    portal_url: fields.portalUrl,
    working_days: fields.workingDays,
    holiday_calendar: fields.holidayCalendar,
    shift_due_dates_to_working_day: fields.shiftDueDatesToWorkingDay,
    max_contacts_per_week: fields.maxContactsPerWeek,
    sending_window_start: fields.sendingWindowStart,
    sending_window_end: fields.sendingWindowEnd,
    payment_reference_scheme: fields.paymentReferenceScheme,
    allocation_order: fields.allocationOrder,
    creditor_deducts_vat: fields.creditorDeductsVat,
    vat_rate_basis_points: fields.vatRateBasisPoints,
    letter_delivery_working_days: fields.letterDeliveryWorkingDays,
    arrangement_grace_days: fields.arrangementGraceDays,
    payment_link_expiry_days: fields.paymentLinkExpiryDays,
    message_payment_link_expiry_days: fields.messagePaymentLinkExpiryDays,
  };

  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as Updateable<EntityTable>;
}
