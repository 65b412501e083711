import type { ArrangementFrequency } from '../db/schema.ts';
import {
  addDays,
  BUSINESS_DATE_RANGE,
  isBusinessDate,
  isPlainDate,
  type PlainDate,
} from '../dates/plain-date.ts';
import { AppError, notice } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';

/** Instalments per arrangement, as the arrangements table's check constraint allows. */
export const INSTALMENT_COUNT = { min: 2, max: 60 } as const;

/** One planned instalment. */
export interface PlannedInstalment {
  sequence: number;
  dueDate: PlainDate;
  amountMinor: number;
}

export interface ScheduleParams {
  /** The arrangement's currency, for amounts in error messages. */
  currency: string;
  totalMinor: number;
  instalmentCount: number;
  frequency: ArrangementFrequency;
  firstDueDate: PlainDate;
  /** Amounts per instalment in minor units; absent splits the total evenly. */
  amountsMinor?: readonly number[] | undefined;
}

/**
 * Returns the due date of instalment `sequence` (1-based). Weekly and
 * fortnightly add 7 or 14 days per instalment. Monthly and quarterly add 1
 * or 3 calendar months to the first date, and a day that the month lacks
 * becomes the month's last day: a first date of 31 January gives 28 or 29
 * February, then 31 March.
 */
export function instalmentDueDate(
  firstDueDate: PlainDate,
  frequency: ArrangementFrequency,
  sequence: number,
): PlainDate {
  const steps = sequence - 1;
  if (frequency === 'weekly') {
    return addDays(firstDueDate, 7 * steps);
  }
  if (frequency === 'fortnightly') {
    return addDays(firstDueDate, 14 * steps);
  }
  const months = frequency === 'monthly' ? steps : 3 * steps;
  const [year = 0, month = 1, day = 1] = firstDueDate.split('-').map(Number);
  const monthIndex = month - 1 + months;
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = monthIndex % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();

  return new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)))
    .toISOString()
    .slice(0, 10);
}

/**
 * Builds the instalments of an arrangement. Without `amountsMinor` the
 * total is split evenly in whole minor units and the remainder goes to the
 * last instalment (100.00 in 3 gives 33.33, 33.33, 33.34). Given amounts
 * must be one per instalment, each above zero, and sum to the total.
 * Throws invalid_input naming the field and the fix.
 */
export function buildInstalmentSchedule(params: ScheduleParams): PlannedInstalment[] {
  const count = params.instalmentCount;
  if (!Number.isInteger(count) || count < INSTALMENT_COUNT.min || count > INSTALMENT_COUNT.max) {
    throw new AppError(
      'invalid_input',
      notice('instalment_count_invalid', {
        count,
        min: INSTALMENT_COUNT.min,
        max: INSTALMENT_COUNT.max,
      }),
    );
  }
  if (!isPlainDate(params.firstDueDate)) {
    throw new AppError(
      'invalid_input',
      notice('first_due_date_invalid', { date: params.firstDueDate }),
    );
  }
  if (!Number.isSafeInteger(params.totalMinor) || params.totalMinor < count) {
    throw new AppError(
      'invalid_input',
      notice('schedule_total_too_small', {
        total: formatDecimal(params.totalMinor, params.currency),
        currency: params.currency,
        count,
      }),
    );
  }

  const amounts = params.amountsMinor
    ? checkAmounts(params.amountsMinor, params)
    : splitEvenly(params.totalMinor, count);
  const schedule = amounts.map((amountMinor, index) => ({
    sequence: index + 1,
    dueDate: instalmentDueDate(params.firstDueDate, params.frequency, index + 1),
    amountMinor,
  }));

  const outOfRange = schedule.find((instalment) => !isBusinessDate(instalment.dueDate));
  if (outOfRange) {
    throw new AppError(
      'invalid_input',
      notice('instalment_date_out_of_range', {
        sequence: outOfRange.sequence,
        dueDate: outOfRange.dueDate,
        first: BUSINESS_DATE_RANGE.first,
        last: BUSINESS_DATE_RANGE.last,
      }),
    );
  }

  return schedule;
}

function splitEvenly(totalMinor: number, count: number): number[] {
  const share = Math.floor(totalMinor / count);
  const amounts = Array.from({ length: count }, () => share);
  amounts[count - 1] = totalMinor - share * (count - 1);

  return amounts;
}

function checkAmounts(
  amounts: readonly number[],
  params: { currency: string; totalMinor: number; instalmentCount: number },
): number[] {
  const count = params.instalmentCount;
  if (amounts.length !== count) {
    throw new AppError(
      'invalid_input',
      notice('instalment_amounts_count', { given: amounts.length, count }),
    );
  }
  const index = amounts.findIndex((amount) => !Number.isSafeInteger(amount) || amount <= 0);
  if (index >= 0) {
    throw new AppError('invalid_input', notice('instalment_amount_not_positive', { index }));
  }
  const sum = amounts.reduce((total, amount) => total + amount, 0);
  if (sum !== params.totalMinor) {
    throw new AppError(
      'invalid_input',
      notice('instalment_sum_mismatch', {
        sum: formatDecimal(sum, params.currency),
        total: formatDecimal(params.totalMinor, params.currency),
        currency: params.currency,
      }),
    );
  }

  return [...amounts];
}
