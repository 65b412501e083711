import type { Entity } from '../api/types.ts';

/** An entity with all its settings, as GET /api/entities and GET /api/entities/:id return it. */
export interface EntitySettings extends Entity {
  languages: string[];
  bic: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  cocNumber: string | null;
  vatNumber: string | null;
  senderEmail: string | null;
  senderName: string | null;
  portalUrl: string | null;
  /** ISO weekdays on which messages may be sent: 1 is Monday, 7 is Sunday. */
  workingDays: number[];
  /** Built-in public holidays: NL, BE, DE, GB or FR; null for none. */
  holidayCalendar: string | null;
  /** Whether a due date on a day without sending counts as the next sending day. */
  shiftDueDatesToWorkingDay: boolean;
  /** Most messages and call tasks per debtor in 7 days; null means no limit. */
  maxContactsPerWeek: number | null;
  /** HH:MM in the entity's time zone; both null means e-mails and SMS go out at any hour. */
  sendingWindowStart: string | null;
  sendingWindowEnd: string | null;
  hasLogo: boolean;
  paymentReferenceScheme: PaymentReferenceScheme;
  allocationOrder: AllocationOrder;
  /** False for a creditor that cannot deduct VAT: only then do collection costs carry VAT. */
  creditorDeductsVat: boolean;
  /** VAT rate on collection costs in basis points: 2100 is 21%. */
  vatRateBasisPoints: number;
  /** Working days after posting on which a letter counts as delivered. */
  letterDeliveryWorkingDays: number;
  /** Days after an instalment's due date before an unpaid instalment breaks its arrangement. */
  arrangementGraceDays: number;
  paymentLinkExpiryDays: number;
  messagePaymentLinkExpiryDays: number | null;
}

/** 'rf': ISO 11649 creditor references (RF...); 'nl': Dutch payment references (betalingskenmerk). */
export type PaymentReferenceScheme = 'rf' | 'nl';

/** How a payment settles an invoice's costs, interest and principal. */
export type AllocationOrder = 'costs_interest_principal' | 'principal_interest_costs';

/** The body of POST /api/entities and PATCH /api/entities/:id; null clears an optional field. */
export interface EntityInput {
  code?: string;
  name: string;
  currency: string;
  country: string;
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
  shiftDueDatesToWorkingDay: boolean;
  maxContactsPerWeek: number | null;
  sendingWindowStart: string | null;
  sendingWindowEnd: string | null;
  paymentReferenceScheme: PaymentReferenceScheme;
  allocationOrder: AllocationOrder;
  creditorDeductsVat: boolean;
  vatRateBasisPoints: number;
  letterDeliveryWorkingDays: number;
  arrangementGraceDays: number;
  paymentLinkExpiryDays: number;
  messagePaymentLinkExpiryDays: number | null;
}

export type EntityInputField = keyof EntityInput;

/** A day without sending in a year's list: a public holiday or one of the entity's closing days. */
export interface EntityHoliday {
  date: string;
  name: string;
  /** Key of a public holiday, for translation; null for a closing day. */
  key: string | null;
  source: 'calendar' | 'entity';
}

export interface ClosingDay {
  date: string;
  name: string;
}
