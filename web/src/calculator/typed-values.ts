import dayjs from 'dayjs';
import '../components/date-input-setup.ts';

/** The format date fields of the calculator and the rate tables show, such as "15 January 2024". */
export const DATE_DISPLAY_FORMAT = 'D MMMM YYYY';

/**
 * Converts a percentage typed in `locale` ("21", "12,5" in Dutch, "12.5" in
 * English) into the API's decimal with a point, or returns null when the text
 * is no number from 0 to 100 with at most two decimals.
 */
export function parsePercentText(text: string, locale: string): string | null {
  const decimal =
    new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === 'decimal')
      ?.value ?? '.';
  const normalised = text.trim().replace(/\s*%$/, '').replace(decimal, '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(normalised) || Number(normalised) > 100) {
    return null;
  }
  return normalised;
}

/**
 * Reads a typed date as 'YYYY-MM-DD': either that form itself or the display
 * format in the UI language, such as "15 januari 2024". Returns null for
 * anything else, so the field keeps its previous value.
 */
export function parseTypedDate(text: string, locale: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    return dayjs(trimmed, 'YYYY-MM-DD', true).isValid() ? trimmed : null;
  }
  const parsed = dayjs(trimmed, DATE_DISPLAY_FORMAT, locale, true);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD') : null;
}
