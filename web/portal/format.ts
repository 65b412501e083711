import { usePortalTranslation } from './i18n.ts';

const locales = { nl: 'nl-NL', en: 'en-GB' } as const;

/**
 * Returns formatters for the portal's language: money in the invoice's
 * currency (€ 1.234,50 in Dutch, €1,234.50 in English) and plain dates
 * (5-12-2026 or 05/12/2026).
 */
export function usePortalFormat() {
  const { i18n } = usePortalTranslation();
  const locale = i18n.language === 'nl' ? locales.nl : locales.en;

  return {
    money: (amount: string, currency: string) =>
      // A decimal string keeps every digit: Intl.NumberFormat formats it as it is (ES2023).
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as `${number}`),
    date: (date: string) =>
      new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`)),
  };
}
