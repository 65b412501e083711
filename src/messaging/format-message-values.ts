import type { PlainDate } from '../dates/plain-date.ts';
import { isPlainDate } from '../dates/plain-date.ts';
import { formatDecimal, minorDigits } from '../money/money.ts';

/**
 * The Intl locale that formats dates and amounts for a message language.
 * Each language has one fixed region, so a message never takes its formats
 * from the operator's or the server's locale.
 */
const localeByLanguage: Record<string, string> = {
  nl: 'nl-NL',
  en: 'en-GB',
  de: 'de-DE',
  fr: 'fr-FR',
};

export function messageLocale(language: string): string {
  return localeByLanguage[language] ?? language;
}

/**
 * Formats an amount in minor units as money in the message language:
 * nl "€ 1.234,56", en "€1,234.56", de "1.234,56 €", fr "1 234,56 €".
 * French and German output contains the no-break spaces that Intl writes.
 * The decimal string goes to Intl as text, so no amount passes through a float.
 */
export function formatMessageAmount(minor: number, currency: string, language: string): string {
  const digits = minorDigits(currency);
  const format = new Intl.NumberFormat(messageLocale(language), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

  // Intl.NumberFormat accepts decimal strings since ES2023, but the lib typings declare only number.
  return format.format(formatDecimal(minor, currency) as unknown as number);
}

/**
 * Formats a plain date in the message language. `short` is the numeric form
 * of tables (nl 03-05-2024, fr 03/05/2024, de 03.05.2024); `long` writes the
 * month name (nl 3 mei 2024). English uses "3 May 2024" for both, because a
 * numeric English date reads differently in the UK and the US.
 */
export function formatMessageDate(
  date: PlainDate,
  language: string,
  style: 'short' | 'long',
): string {
  if (!isPlainDate(date)) {
    throw new RangeError(`"${date}" is not a valid YYYY-MM-DD date`);
  }
  const numeric = style === 'short' && language !== 'en';
  const format = new Intl.DateTimeFormat(messageLocale(language), {
    timeZone: 'UTC',
    day: numeric ? '2-digit' : 'numeric',
    month: numeric ? '2-digit' : 'long',
    year: 'numeric',
  });

  return format.format(new Date(`${date}T00:00:00Z`));
}

/** Writes an IBAN in groups of four characters, as printed on letters and invoices. */
export function formatIbanForPrint(iban: string): string {
  const compact = iban.replace(/\s/g, '').toUpperCase();

  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Returns the country name in the message language, for the last line of a foreign address. */
export function formatCountryName(countryCode: string, language: string): string {
  const names = new Intl.DisplayNames([messageLocale(language)], { type: 'region' });

  return names.of(countryCode.toUpperCase()) ?? countryCode;
}
