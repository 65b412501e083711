import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Formats an ISO timestamp as date and time in the UI language and the browser's time zone. */
export function useDateTime(): (timestamp: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';

  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return (timestamp: string) => format.format(new Date(timestamp));
  }, [locale]);
}
