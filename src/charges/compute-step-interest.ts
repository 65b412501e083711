import { addDays, type PlainDate } from '../dates/plain-date.ts';
import {
  calculateInterest,
  type InterestCalculation,
  type InterestPeriod,
} from '../interest/calculate-interest.ts';
import type { InterestKind, InterestRateTable } from '../interest/statutory-interest-rates.ts';

/** Source of the rate: a statutory table, or the step's contractual rate. */
export type InterestRateSource =
  | { basis: 'statutory'; table: InterestRateTable & { source?: string } }
  | { basis: 'contractual'; basisPoints: number };

/** The interest a step charges on one invoice, and how it was found; stored in charges.calculation. */
export interface StepInterest {
  /** The part not charged before: cumulative interest minus interest charged earlier. */
  amountMinor: number;
  calculation: {
    basis: 'statutory' | 'contractual';
    /** The statutory table's kind; absent for contractual interest. */
    kind?: InterestKind;
    /** 'organisation' or 'built-in' for a statutory table. */
    tableSource?: string;
    from: PlainDate;
    through: PlainDate;
    baseMinor: number;
    dayCount: 'act365';
    periods: InterestPeriod[];
    beyondTable?: InterestCalculation['beyondTable'];
    cumulativeMinor: number;
    previouslyChargedMinor: number;
  };
}

/**
 * The first day of interest on an invoice. Business debtors (b2b) owe
 * statutory commercial interest from the day after the due date (art.
 * 6:119a BW), and contractual interest runs from then for every debtor.
 * Consumers (b2c) owe statutory interest once in default (art. 6:119 BW).
 * Collecta takes a consumer to be in default from the day after the
 * fourteen-day term of the first reminder sent after the due date, and
 * `consumerDefaultFrom` is that day. Without such a reminder the consumer
 * is not in default, so the result is null.
 */
export function interestStartDate(params: {
  basis: 'statutory' | 'contractual';
  debtorKind: 'b2b' | 'b2c';
  dueDate: PlainDate;
  consumerDefaultFrom: PlainDate | null;
}): PlainDate | null {
  if (params.basis === 'contractual' || params.debtorKind === 'b2b') {
    return addDays(params.dueDate, 1);
  }

  return params.consumerDefaultFrom;
}

/** Builds a table with the contractual rate on every day, for calculateInterest. */
function contractualTable(basisPoints: number, kind: InterestKind): InterestRateTable {
  return {
    kind,
    entries: [{ from: '1900-01-01', basisPoints }],
    coveredThrough: '9999-12-31',
  };
}

/**
 * Computes the interest a step charges on one invoice through the run
 * date: the cumulative interest on the open principal from `from` through
 * `through`, minus the interest charged on the invoice before (waived
 * charges included), so every day is charged once. Rates and compounding
 * are those of calculateInterest: a rate change splits a period, interest
 * compounds yearly, and days count as 1/365 of a year. Returns null when
 * nothing new is owed.
 *
 * NOTE: the base is the principal open on the run date for the whole
 * period. A partial payment inside the period is not split out, so it
 * lowers the interest of the days before it too. Earlier charges keep what
 * they charged, because each charge subtracts them.
 */
export function computeStepInterest(params: {
  rate: InterestRateSource;
  kind: InterestKind;
  principalMinor: number;
  from: PlainDate;
  through: PlainDate;
  previouslyChargedMinor: number;
}): StepInterest | null {
  if (params.principalMinor <= 0 || params.through < params.from) {
    return null;
  }
  const table =
    params.rate.basis === 'statutory'
      ? params.rate.table
      : contractualTable(params.rate.basisPoints, params.kind);
  // A table that starts after the first day of interest charges from its first rate on.
  const tableStart = table.entries[0]?.from ?? params.from;
  const from = params.from < tableStart ? tableStart : params.from;
  if (params.through < from) {
    return null;
  }
  const result = calculateInterest({
    principalMinor: params.principalMinor,
    from,
    to: params.through,
    table,
    dayCount: 'act365',
  });
  const amountMinor = result.interestMinor - params.previouslyChargedMinor;
  if (amountMinor <= 0) {
    return null;
  }

  return {
    amountMinor,
    calculation: {
      basis: params.rate.basis,
      ...(params.rate.basis === 'statutory' && {
        kind: params.kind,
        ...(params.rate.table.source !== undefined && { tableSource: params.rate.table.source }),
      }),
      from,
      through: params.through,
      baseMinor: params.principalMinor,
      dayCount: 'act365',
      periods: result.periods,
      ...(result.beyondTable && { beyondTable: result.beyondTable }),
      cumulativeMinor: result.interestMinor,
      previouslyChargedMinor: params.previouslyChargedMinor,
    },
  };
}
