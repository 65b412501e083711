import type { PlainDate } from '../dates/plain-date.ts';

/**
 * A date format of import files, written with the tokens YYYY (four-digit
 * year), MM and DD (two digits), M and D (one or two digits). Every other
 * character must appear as written, as in 'YYYY-MM-DD', 'M/D/YYYY',
 * 'DD-MM-YYYY', 'DD.MM.YYYY' or 'YYYYMMDD'.
 */
export type DateFormat = string;

const TOKEN = /YYYY|MM|M|DD|D/g;

interface CompiledDateFormat {
  pattern: RegExp;
  order: Array<'year' | 'month' | 'day'>;
}

const compiled = new Map<DateFormat, CompiledDateFormat>();

function compile(format: DateFormat): CompiledDateFormat | undefined {
  const cached = compiled.get(format);
  if (cached) {
    return cached;
  }
  const order: CompiledDateFormat['order'] = [];
  let source = '';
  let last = 0;
  for (const match of format.matchAll(TOKEN)) {
    source += escapeRegExp(format.slice(last, match.index));
    const token = match[0];
    order.push(token === 'YYYY' ? 'year' : token.startsWith('M') ? 'month' : 'day');
    source += digitsPattern(token);
    last = match.index + token.length;
  }
  source += escapeRegExp(format.slice(last));
  const complete =
    order.length === 3 && ['year', 'month', 'day'].every((part) => order.includes(part as never));
  if (!complete) {
    return undefined;
  }
  const result = { pattern: new RegExp(`^${source}$`), order };
  compiled.set(format, result);

  return result;
}

function digitsPattern(token: string): string {
  if (token === 'YYYY') {
    return '(\\d{4})';
  }
  return token.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Returns whether `format` contains the year, month and day tokens once each. */
export function isDateFormat(format: string): boolean {
  return compile(format) !== undefined;
}

/**
 * Parses `text` written in `format` into a plain date. The error is "format"
 * when the text does not follow the format, and "calendar" when it follows
 * it but names no real calendar date, such as 2/30/2024.
 */
export function parseDateText(
  text: string,
  format: DateFormat,
): { date: PlainDate } | { error: 'format' | 'calendar' } {
  const rule = compile(format);
  const match = rule?.pattern.exec(text.trim());
  if (!rule || !match) {
    return { error: 'format' };
  }
  const parts = { year: '', month: '', day: '' };
  rule.order.forEach((part, index) => {
    parts[part] = match[index + 1] ?? '';
  });
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { error: 'calendar' };
  }

  return { date: `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` };
}
