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
 * Converts an amount typed in `locale` into the API's decimal, or returns
 * null when the text is no positive amount with at most `digits` decimals.
 * Group separators are accepted only between groups of three digits, so
 * "12,50" in English is rejected instead of read as 1250.
 */
export function parseDecimalText(text: string, locale: string, digits: number): string | null {
  const { decimal, group } = separators(locale);
  const compact = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  const [whole = '', fraction, extra] = compact.split(decimal);
  if (extra !== undefined || whole === '') {
    return null;
  }
  const groups = whole.split(group);
  const wellGrouped =
    groups.length === 1 ||
    (/^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((part) => /^\d{3}$/.test(part)));
  const wholeDigits = groups.join('');
  if (!wellGrouped || !/^\d+$/.test(wholeDigits)) {
    return null;
  }
  if (fraction !== undefined && !(/^\d+$/.test(fraction) && fraction.length <= digits)) {
    return null;
  }
  if (/^0*$/.test(wholeDigits) && /^0*$/.test(fraction ?? '')) {
    return null;
  }

  return fraction === undefined ? wholeDigits : `${wholeDigits}.${fraction}`;
}

/** Shows an API decimal such as "1250.50" with the decimal separator of `locale`, ungrouped. */
export function formatDecimalText(amount: string, locale: string): string {
  return amount.replace('.', separators(locale).decimal);
}
