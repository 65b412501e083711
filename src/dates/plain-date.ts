/**
 * Business dates are plain calendar dates, `YYYY-MM-DD`, with no time and no
 * time zone. Arithmetic runs on UTC midnights internally, which has no
 * daylight-saving gaps, so adding days never shifts a date.
 */
export type PlainDate = string;

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isPlainDate(value: string): boolean {
  const match = PLAIN_DATE.exec(value);
  if (!match) {
    return false;
  }
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * The dates that dunning runs, forecasts and interest periods accept. The
 * holiday calendars start in 1980, and a run looks back a year and a
 * forecast up to 90 days ahead, so the range keeps clear of both ends.
 */
export const BUSINESS_DATE_RANGE = { first: '2000-01-01', last: '2099-12-31' } as const;

/** Tells whether `value` is a valid YYYY-MM-DD date within BUSINESS_DATE_RANGE. */
export function isBusinessDate(value: string): boolean {
  return (
    isPlainDate(value) && value >= BUSINESS_DATE_RANGE.first && value <= BUSINESS_DATE_RANGE.last
  );
}

function toEpochDays(date: PlainDate): number {
  if (!isPlainDate(date)) {
    throw new RangeError(`"${date}" is not a valid YYYY-MM-DD date`);
  }
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

function fromEpochDays(days: number): PlainDate {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: PlainDate, days: number): PlainDate {
  return fromEpochDays(toEpochDays(date) + days);
}

/** Calendar days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: PlainDate, to: PlainDate): number {
  return toEpochDays(to) - toEpochDays(from);
}

/** Days past due on `asOf`: 0 or less means not overdue. */
export function daysPastDue(dueDate: PlainDate, asOf: PlainDate): number {
  return daysBetween(dueDate, asOf);
}

/** ISO weekday: 1 is Monday, 7 is Sunday. */
export function isoWeekday(date: PlainDate): number {
  const day = new Date(toEpochDays(date) * MS_PER_DAY).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Returns the calendar date at `instant` in the IANA time zone `timeZone`. */
export function dateInTimeZone(instant: Date, timeZone: string): PlainDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
