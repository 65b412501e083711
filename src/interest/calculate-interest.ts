import { addDays, daysBetween, isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import type { InterestRateTable } from './statutory-interest-rates.ts';

/**
 * Day-count convention. act365: every day is 1/365 of a year, in leap years
 * too. actact: a day is 1/365 or 1/366 of the calendar year it lies in.
 */
export type DayCount = 'act365' | 'actact';

/** A stretch of days with one rate and one base. */
export interface InterestPeriod {
  from: PlainDate;
  /** Inclusive. */
  to: PlainDate;
  days: number;
  basisPoints: number;
  baseMinor: number;
  /** The period's interest rounded half-up to minor units, for display only. */
  interestMinor: number;
}

export interface InterestCalculation {
  interestMinor: number;
  periods: InterestPeriod[];
  /** Present when the calculation reaches past the last day the rate table covers. */
  beyondTable?: { coveredThrough: PlainDate; appliedBasisPoints: number };
}

export interface InterestParams {
  principalMinor: number;
  /** First day of interest. */
  from: PlainDate;
  /** Last day of interest, inclusive. */
  to: PlainDate;
  table: InterestRateTable;
  dayCount: DayCount;
}

/**
 * Accrued interest is kept exactly, as a count of 1/ACCRUAL_SCALE minor
 * units: 10,000 (basis points) times 365 times 366 (both year lengths),
 * so every day's share divides without remainder.
 */
const ACCRUAL_SCALE = 10_000n * 365n * 366n;

/**
 * Calculates statutory interest on a principal from the first day through
 * the last day inclusive. The interest is simple within a year and
 * compounds yearly: each time a full year has passed since `from`, that
 * year's interest is added to the base. A rate change splits the period,
 * and each part runs at its own rate on the current base. Interest accrues
 * unrounded and is rounded half-up to minor units once at each
 * capitalisation and once at the end. A period past the table's last
 * covered day runs at the last rate, and the result reports it in `beyondTable`.
 */
export function calculateInterest(params: InterestParams): InterestCalculation {
  validate(params);
  const { table, dayCount } = params;
  const anniversaries = yearlyAnniversaries(params.from, params.to);
  const starts = periodStarts(params, anniversaries);

  const periods: InterestPeriod[] = [];
  let baseMinor = BigInt(params.principalMinor);
  let accrued = 0n;
  let totalMinor = 0n;
  starts.forEach((start, index) => {
    const next = starts[index + 1];
    const end = next === undefined ? params.to : addDays(next, -1);
    const days = daysBetween(start, end) + 1;
    const basisPoints = rateOn(table, start);
    const share =
      baseMinor * BigInt(basisPoints) * BigInt(days) * dayWeight(yearLength(start, dayCount));
    accrued += share;
    periods.push({
      from: start,
      to: end,
      days,
      basisPoints,
      baseMinor: Number(baseMinor),
      interestMinor: Number(roundHalfUp(share)),
    });
    if (next !== undefined && anniversaries.has(next)) {
      const capitalised = roundHalfUp(accrued);
      baseMinor += capitalised;
      totalMinor += capitalised;
      accrued = 0n;
    }
  });
  totalMinor += roundHalfUp(accrued);

  const last = table.entries.at(-1);
  return {
    interestMinor: Number(totalMinor),
    periods,
    ...(params.to > table.coveredThrough &&
      last && {
        beyondTable: { coveredThrough: table.coveredThrough, appliedBasisPoints: last.basisPoints },
      }),
  };
}

function validate(params: InterestParams): void {
  if (!Number.isSafeInteger(params.principalMinor) || params.principalMinor <= 0) {
    throw new AppError('invalid_input', 'principal: give an amount greater than zero.');
  }
  for (const [field, value] of [
    ['from', params.from],
    ['to', params.to],
  ] as const) {
    if (!isPlainDate(value)) {
      throw new AppError('invalid_input', `${field}: "${value}" is not a date; use YYYY-MM-DD.`);
    }
  }
  if (params.to < params.from) {
    throw new AppError(
      'invalid_input',
      `to: ${params.to} lies before from ${params.from}; the last day cannot precede the first.`,
    );
  }
  const first = params.table.entries[0];
  if (!first || params.from < first.from) {
    throw new AppError(
      'invalid_input',
      `from: the ${params.table.kind} rate table starts on ${first?.from ?? '(empty)'}; choose a later first day.`,
    );
  }
}

/** Lists the days on which a full year since `from` has passed, up to and including `to`. */
function yearlyAnniversaries(from: PlainDate, to: PlainDate): Set<PlainDate> {
  const anniversaries = new Set<PlainDate>();
  for (let years = 1; ; years += 1) {
    const anniversary = addYears(from, years);
    if (anniversary > to) {
      return anniversaries;
    }
    anniversaries.add(anniversary);
  }
}

/**
 * Lists the first day of each period: `from`, every rate change, every
 * yearly anniversary and, with actact, every 1 January in between.
 */
function periodStarts(params: InterestParams, anniversaries: Set<PlainDate>): PlainDate[] {
  const starts = new Set<PlainDate>([params.from, ...anniversaries]);
  for (const entry of params.table.entries) {
    if (entry.from > params.from && entry.from <= params.to) {
      starts.add(entry.from);
    }
  }
  if (params.dayCount === 'actact') {
    const lastYear = Number(params.to.slice(0, 4));
    for (let year = Number(params.from.slice(0, 4)) + 1; year <= lastYear; year += 1) {
      starts.add(`${year}-01-01`);
    }
  }

  return [...starts].sort();
}

function rateOn(table: InterestRateTable, date: PlainDate): number {
  const entry = table.entries.filter((candidate) => candidate.from <= date).at(-1);
  if (!entry) {
    throw new AppError('invalid_input', `The ${table.kind} rate table has no rate for ${date}.`);
  }
  return entry.basisPoints;
}

function yearLength(date: PlainDate, dayCount: DayCount): 365 | 366 {
  if (dayCount === 'act365') {
    return 365;
  }
  const year = Number(date.slice(0, 4));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? 366 : 365;
}

/** Returns one day's share of a year, as a multiple of 1/ACCRUAL_SCALE per basis point and minor unit. */
function dayWeight(daysInYear: 365 | 366): bigint {
  return ACCRUAL_SCALE / (10_000n * BigInt(daysInYear));
}

function roundHalfUp(scaled: bigint): bigint {
  return (scaled * 2n + ACCRUAL_SCALE) / (2n * ACCRUAL_SCALE);
}

/** Returns the same month and day `years` later, with 29 February as 1 March in a year without it. */
function addYears(date: PlainDate, years: number): PlainDate {
  const year = Number(date.slice(0, 4)) + years;
  const candidate = `${String(year).padStart(4, '0')}${date.slice(4)}`;
  if (isPlainDate(candidate)) {
    return candidate;
  }
  return `${String(year).padStart(4, '0')}-03-01`;
}
