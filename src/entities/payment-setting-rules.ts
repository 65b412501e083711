import type { AllocationOrder, PaymentReferenceScheme } from '../db/schema.ts';
import { FieldProblem, quote } from './entity-field-rules.ts';

/**
 * Checks of an entity's payment settings. Each rule returns the value or
 * throws FieldProblem with a sentence that names the value and the fix.
 */

export const PAYMENT_REFERENCE_SCHEMES = ['rf', 'nl'] as const satisfies PaymentReferenceScheme[];

export const ALLOCATION_ORDERS = [
  'costs_interest_principal',
  'principal_interest_costs',
] as const satisfies AllocationOrder[];

/** Upper limits, the same as the CHECK constraints of the entities table. */
export const MAX_VAT_RATE_BASIS_POINTS = 10_000;
export const MAX_LETTER_DELIVERY_WORKING_DAYS = 10;
export const MAX_ARRANGEMENT_GRACE_DAYS = 60;

export function checkPaymentReferenceScheme(value: unknown): PaymentReferenceScheme {
  const scheme = PAYMENT_REFERENCE_SCHEMES.find((candidate) => candidate === value);
  if (!scheme) {
    throw new FieldProblem(
      `${quote(value)} is not a payment reference scheme. Use rf for ISO 11649 creditor references (RF...) or nl for Dutch payment references (betalingskenmerk).`,
    );
  }

  return scheme;
}

export function checkAllocationOrder(value: unknown): AllocationOrder {
  const order = ALLOCATION_ORDERS.find((candidate) => candidate === value);
  if (!order) {
    throw new FieldProblem(
      `${quote(value)} is not an allocation order. Use costs_interest_principal (the Dutch legal order: costs, then interest, then the principal) or principal_interest_costs.`,
    );
  }

  return order;
}

/** Checks a VAT rate in basis points, where 2100 is 21%. */
export function checkVatRateBasisPoints(value: unknown): number {
  return checkWholeNumber(
    value,
    0,
    MAX_VAT_RATE_BASIS_POINTS,
    'basis points, such as 2100 for 21%',
  );
}

export function checkLetterDeliveryWorkingDays(value: unknown): number {
  return checkWholeNumber(value, 0, MAX_LETTER_DELIVERY_WORKING_DAYS, 'working days');
}

export function checkArrangementGraceDays(value: unknown): number {
  return checkWholeNumber(value, 0, MAX_ARRANGEMENT_GRACE_DAYS, 'days');
}

/** Longest expiry of a payment link, in days. */
export const MAX_PAYMENT_LINK_EXPIRY_DAYS = 365;

export function checkPaymentLinkExpiryDays(value: unknown): number {
  return checkWholeNumber(value, 1, MAX_PAYMENT_LINK_EXPIRY_DAYS, 'days');
}

function checkWholeNumber(value: unknown, min: number, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new FieldProblem(
      `${quote(value)} is not a whole number from ${min} to ${max}. Give the number of ${unit}.`,
    );
  }

  return value;
}
