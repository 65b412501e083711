import { formatRatePercent, parseRatePercent } from '../interest/rate-percent.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../money/money.ts';

export type InterestBasis = 'statutory' | 'contractual';

/** The fee and interest fields of a step as the profile editor sends them. */
export interface StepChargeInput {
  /** Decimal text such as "15.00": a fixed fee per invoice. Default "0". */
  feeFixed?: string | undefined;
  /** Percentage text from 0 to 100 with up to two decimals: a fee as a share of the open principal. Default "0". */
  feePercent?: string | undefined;
  /** Default 'statutory'. */
  interestBasis?: InterestBasis | undefined;
  /** Yearly percentage text. Required with interestBasis 'contractual' and ignored with 'statutory'. */
  contractualInterestPercent?: string | null | undefined;
  isFourteenDayLetter?: boolean | undefined;
}

/** The step columns that hold the fee and interest settings. */
export interface StepChargeValues {
  fee_fixed_minor: number;
  fee_basis_points: number;
  interest_basis: InterestBasis;
  contractual_interest_basis_points: number | null;
  is_fourteen_day_letter: boolean;
}

/** The fee and interest settings of a stored step, as the API returns them. */
export interface StepChargeView {
  feeFixedMinor: number;
  feeBasisPoints: number;
  interestBasis: InterestBasis;
  contractualInterestBasisPoints: number | null;
  isFourteenDayLetter: boolean;
}

/**
 * Fixed fees are parsed and formatted like minimum amounts: with two
 * decimals, and stored in minor units of each invoice's own currency.
 * NOTE: for an invoice in a currency with zero or three decimals (JPY, KWD)
 * the same minor-unit number means another amount.
 */
const FEE_DIGITS_OF = 'EUR';

/**
 * Converts the fee and interest fields of a step to row values. Reports an
 * invalid fee or percentage, and a contractual basis without a rate, through
 * `report` with the field name and the fix.
 */
export function toStepChargeValues(
  step: StepChargeInput,
  report: (field: string, message: string) => void,
): StepChargeValues {
  const interestBasis = step.interestBasis ?? 'statutory';

  return {
    fee_fixed_minor: parseFee(step.feeFixed ?? '0', report),
    fee_basis_points: parsePercent('feePercent', step.feePercent ?? '0', report),
    interest_basis: interestBasis,
    contractual_interest_basis_points:
      interestBasis === 'contractual'
        ? parseContractualRate(step.contractualInterestPercent, report)
        : null,
    is_fourteen_day_letter: step.isFourteenDayLetter ?? false,
  };
}

/** Adds the decimal-text forms of the fee and interest settings to a step view. */
export function formatStepCharges(step: StepChargeView): {
  feeFixed: string;
  feePercent: string;
  contractualInterestPercent: string | null;
} {
  return {
    feeFixed: formatDecimal(step.feeFixedMinor, FEE_DIGITS_OF),
    feePercent: formatRatePercent(step.feeBasisPoints),
    contractualInterestPercent:
      step.contractualInterestBasisPoints === null
        ? null
        : formatRatePercent(step.contractualInterestBasisPoints),
  };
}

function parseFee(text: string, report: (field: string, message: string) => void): number {
  try {
    const minor = parseAmount(text, FEE_DIGITS_OF);
    if (minor < 0) {
      report('feeFixed', `"${text}" is negative; use 0 or more.`);
      return 0;
    }

    return minor;
  } catch (error) {
    if (!(error instanceof AmountParseError)) {
      throw error;
    }
    report('feeFixed', `"${text}" ${error.message}; write it as 15.00.`);

    return 0;
  }
}

function parsePercent(
  field: string,
  text: string,
  report: (field: string, message: string) => void,
): number {
  const basisPoints = parseRatePercent(text);
  if (basisPoints === null) {
    report(
      field,
      `"${text}" is not a percentage from 0 to 100; write it as 8 or 8.25, with at most two decimals.`,
    );
    return 0;
  }

  return basisPoints;
}

function parseContractualRate(
  text: string | null | undefined,
  report: (field: string, message: string) => void,
): number | null {
  if (text === null || text === undefined || text.trim() === '') {
    report(
      'contractualInterestPercent',
      'missing; a contractual interest basis needs a yearly rate such as 8.00, or use the statutory basis.',
    );
    return null;
  }

  return parsePercent('contractualInterestPercent', text, report);
}
