import { shareOf } from './compute-collection-costs.ts';

/** A step's fee on one invoice. */
export interface StepFee {
  fixedMinor: number;
  basisPoints: number;
  principalMinor: number;
  /** The fixed fee plus the share of the principal, rounded half up. */
  amountMinor: number;
}

/**
 * Computes a step's fee on one invoice: the fixed fee plus `basisPoints`
 * ten-thousandths of the invoice's open principal. Returns null when the
 * fee is zero or the invoice has no principal open.
 */
export function computeStepFee(params: {
  fixedMinor: number;
  basisPoints: number;
  principalMinor: number;
}): StepFee | null {
  if (params.principalMinor <= 0) {
    return null;
  }
  const amountMinor = params.fixedMinor + shareOf(params.principalMinor, params.basisPoints);
  if (amountMinor <= 0) {
    return null;
  }

  return { ...params, amountMinor };
}
