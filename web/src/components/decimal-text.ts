/**
 * Amounts typed in the UI language. The API takes decimals with a point and
 * no grouping ("1250.50"), but a Dutch user types "1.250,50" or "1250,50".
 */
function separators(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);

  return {
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
  };
}

/** Minor-unit digits of `currency`, such as 2 for EUR and 0 for JPY. */
export function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/**
 * Why a typed amount is no valid amount. empty: nothing typed. invalid: not
 * a number. separators: a group or decimal separator in a place it cannot
 * be, such as "12,50" in English. decimals: more decimals than the currency
 * has. notPositive: zero or negative.
 */
export type DecimalTextProblem = 'empty' | 'invalid' | 'separators' | 'decimals' | 'notPositive';

export type DecimalTextResult =
  { ok: true; value: string } | { ok: false; problem: DecimalTextProblem };

/**
 * Converts an amount typed in `locale` into the API's decimal, or names the
 * problem when the text is no positive amount with at most `digits`
 * decimals. Group separators are accepted only between groups of three
 * digits, so "12,50" in English is rejected instead of read as 1250.
 *
 * Where the decimal separator is a comma and the group separator a point,
 * as in Dutch, a point before one or two final digits in a text without a
 * comma is read as the decimal separator. So "3000.00" is 3000,00 and "12.5"
 * is 12,50, as in a number pasted from a bank or a spreadsheet. A point
 * followed by three digits stays a group separator, so "3.000" is 3000.
 */
export function readDecimalText(text: string, locale: string, digits: number): DecimalTextResult {
  const { decimal, group } = separators(locale);
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (compact === '') {
    return { ok: false, problem: 'empty' };
  }
  const negative = /^[-\u2212]/.test(compact);
  const unsigned = negative ? compact.slice(1) : compact;
  if (!/^[\d.,]+$/.test(unsigned) || !/\d/.test(unsigned)) {
    return { ok: false, problem: 'invalid' };
  }
  const [whole = '', fraction, extra] = pointAsDecimal(unsigned, decimal, group).split(decimal);
  const groups = whole.split(group);
  const wellGrouped =
    groups.length === 1 ||
    (/^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((part) => /^\d{3}$/.test(part)));
  if (extra !== undefined || whole === '' || !wellGrouped || fraction === '') {
    return { ok: false, problem: 'separators' };
  }
  const wholeDigits = groups.join('');
  if (!/^\d+$/.test(wholeDigits) || (fraction !== undefined && !/^\d+$/.test(fraction))) {
    return { ok: false, problem: 'separators' };
  }
  if (fraction !== undefined && fraction.length > digits) {
    return { ok: false, problem: 'decimals' };
  }
  if (negative || (/^0*$/.test(wholeDigits) && /^0*$/.test(fraction ?? ''))) {
    return { ok: false, problem: 'notPositive' };
  }

  return { ok: true, value: fraction === undefined ? wholeDigits : `${wholeDigits}.${fraction}` };
}

/**
 * Converts an amount typed in `locale` into the API's decimal, or returns
 * null when readDecimalText names a problem.
 */
export function parseDecimalText(text: string, locale: string, digits: number): string | null {
  const result = readDecimalText(text, locale, digits);
  return result.ok ? result.value : null;
}

/** Rewrites a lone point before one or two final digits as the decimal comma of `locale`. */
function pointAsDecimal(text: string, decimal: string, group: string): string {
  const lonePoint = /^\d+\.\d{1,2}$/.test(text);
  return decimal === ',' && group === '.' && lonePoint ? text.replace('.', ',') : text;
}

/** Shows an API decimal such as "1250.50" with the decimal separator of `locale`, ungrouped. */
export function formatDecimalText(amount: string, locale: string): string {
  return amount.replace('.', separators(locale).decimal);
}
