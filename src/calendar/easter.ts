import type { PlainDate } from '../dates/plain-date.ts';

/**
 * Returns the date of (Western) Easter Sunday in `year`, by the Anonymous
 * Gregorian algorithm (Meeus/Jones/Butcher), which holds for every year of
 * the Gregorian calendar.
 */
export function easterSunday(year: number): PlainDate {
  if (!Number.isInteger(year) || year < 1583) {
    throw new RangeError(`Year ${year} is not a Gregorian calendar year (1583 or later).`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;

  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
