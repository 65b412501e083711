import type { ArrangementFrequency } from '../db/schema.ts';
import { addDays, isBusinessDate, isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
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
      `instalmentCount ${count} is invalid; give a whole number from ${INSTALMENT_COUNT.min} to ${INSTALMENT_COUNT.max}.`,
    );
  }
  if (!isPlainDate(params.firstDueDate)) {
    throw new AppError(
      'invalid_input',
      `firstDueDate "${params.firstDueDate}" is not a valid YYYY-MM-DD date.`,
    );
  }
  if (!Number.isSafeInteger(params.totalMinor) || params.totalMinor < count) {
    throw new AppError(
      'invalid_input',
      `The total of ${formatDecimal(params.totalMinor, params.currency)} ${params.currency} cannot be split into ${count} instalments; choose fewer instalments.`,
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
      `Instalment ${outOfRange.sequence} would fall due on ${outOfRange.dueDate}, outside the supported dates 2000-01-01 to 2099-12-31; choose an earlier firstDueDate or fewer instalments.`,
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
  const money = (minor: number) => `${formatDecimal(minor, params.currency)} ${params.currency}`;
  if (amounts.length !== count) {
    throw new AppError(
      'invalid_input',
      `amounts has ${amounts.length} entries but instalmentCount is ${count}; give one amount per instalment.`,
    );
  }
  const index = amounts.findIndex((amount) => !Number.isSafeInteger(amount) || amount <= 0);
  if (index >= 0) {
    throw new AppError(
      'invalid_input',
      `amounts[${index}] is invalid; every instalment must be more than zero.`,
    );
  }
  const sum = amounts.reduce((total, amount) => total + amount, 0);
  if (sum !== params.totalMinor) {
    throw new AppError(
      'invalid_input',
      `The instalments sum to ${money(sum)} but the invoices have ${money(params.totalMinor)} open; make the amounts add up to the open total.`,
    );
  }

  return [...amounts];
}
