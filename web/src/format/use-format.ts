import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decimal } from '../api/types.ts';

export interface Formatters {
  /** The BCP 47 language tag the formatters use. */
  locale: string;
  /** Formats a decimal-string amount with its currency in the UI language. */
  money(amount: Decimal, currency: string): string;
  /** Formats a plain 'YYYY-MM-DD' date in the UI language. */
  date(value: string): string;
  /** Formats a count or day number in the UI language. */
  number(value: number): string;
}

/**
 * Formatters for the current UI language. Amounts stay decimal strings all the
 * way: Intl.NumberFormat formats a numeric string exactly, without a float.
 */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';

  return useMemo(() => createFormatters(locale), [locale]);
}

function createFormatters(locale: string): Formatters {
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const numberFormat = new Intl.NumberFormat(locale);

  return {
    locale,
    money(amount, currency) {
      let format = moneyFormats.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency });
        moneyFormats.set(currency, format);
      }
      return format.format(amount);
    },
    date(value) {
      const [year, month, day] = value.split('-').map(Number);
      if (!year || !month || !day) {
        return value;
      }
      return dateFormat.format(Date.UTC(year, month - 1, day));
    },
    number(value) {
      return numberFormat.format(value);
    },
  };
}
