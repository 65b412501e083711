import { BUSINESS_DATE_RANGE, type PlainDate } from '../dates/plain-date.ts';
import type { InterestCalculation } from '../interest/calculate-interest.ts';
import { formatRatePercent } from '../interest/rate-percent.ts';
import type { InterestKind, InterestRateTable } from '../interest/statutory-interest-rates.ts';
import { formatDecimal } from '../money/money.ts';

/** Statutory interest of a rate table, or contractual interest at one agreed rate. */
export type CalculatorInterestKind = InterestKind | 'contractual';

/**
 * Builds the rate table of contractual interest: one rate from the first
 * day of interest, covering every day the calculator accepts. It compounds
 * yearly as statutory interest does.
 *
 * NOTE: a contract that agrees simple interest, or another compounding
 * period, is not modelled; the result then overstates the interest.
 */
export function contractualRateTable(from: PlainDate, basisPoints: number): InterestRateTable {
  return {
    // calculateInterest reads the kind only to name the table in an error about
    // a first day before the table starts, and this table starts on the first day.
    kind: 'commercial',
    entries: [{ from, basisPoints }],
    coveredThrough: BUSINESS_DATE_RANGE.last,
  };
}

/** An interest result in euros, as `collecta calc interest --json` prints it. */
export interface InterestResultJson {
  interest: string;
  periods: Array<{
    from: PlainDate;
    to: PlainDate;
    days: number;
    rate: string;
    base: string;
    interest: string;
  }>;
  /** Present only when the period reaches past the last day the rate table covers. */
  warning?: string;
}

/** Formats an interest calculation in euros with rates as percentages, such as "12.50". */
export function interestResultJson(
  result: InterestCalculation,
  kind: CalculatorInterestKind,
): InterestResultJson {
  const warning = result.beyondTable ? beyondTableWarning(kind, result.beyondTable) : undefined;

  return {
    interest: formatDecimal(result.interestMinor, 'EUR'),
    periods: result.periods.map((period) => ({
      from: period.from,
      to: period.to,
      days: period.days,
      rate: formatRatePercent(period.basisPoints),
      base: formatDecimal(period.baseMinor, 'EUR'),
      interest: formatDecimal(period.interestMinor, 'EUR'),
    })),
    ...(warning && { warning }),
  };
}

function beyondTableWarning(
  kind: CalculatorInterestKind,
  beyondTable: NonNullable<InterestCalculation['beyondTable']>,
): string {
  return `The ${kind} rate table covers days up to ${beyondTable.coveredThrough}; later days use its last rate of ${formatRatePercent(beyondTable.appliedBasisPoints)}%. Update the rate table.`;
}

/** Tells whether every amount in cents is a safe integer, so that printing it does not round. */
export function isExactInCents(result: InterestCalculation): boolean {
  const amounts = [result.interestMinor, ...result.periods.map((period) => period.baseMinor)];

  return amounts.every((amount) => Number.isSafeInteger(amount));
}
