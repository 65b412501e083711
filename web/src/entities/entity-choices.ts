import {
  COUNTRY_CODES,
  ENTITY_LANGUAGES,
  ISO_WEEKDAYS,
} from '../../../src/entities/entity-options.ts';

/**
 * Options of the entity form's selects, labelled in the UI language. The
 * code lists are the server's (src/entities/entity-options.ts); currencies
 * and time zones come from the browser's Intl, as the server's come from
 * Node's.
 */
export interface Choice {
  value: string;
  label: string;
}

export function countryChoices(locale: string): Choice[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });

  return COUNTRY_CODES.map((code) => ({
    value: code,
    label: `${names.of(code) ?? code} (${code})`,
  })).sort((left, right) => left.label.localeCompare(right.label, locale));
}

export function currencyChoices(locale: string, current: string | undefined): Choice[] {
  const names = new Intl.DisplayNames([locale], { type: 'currency' });
  const codes = withCurrent(Intl.supportedValuesOf('currency'), current);

  return codes.map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
}

/** Returns the languages with reminder templates, plus any other language the entity has. */
export function languageChoices(locale: string, current: readonly string[]): Choice[] {
  const names = new Intl.DisplayNames([locale], { type: 'language' });
  const codes = [...new Set([...ENTITY_LANGUAGES, ...current])];

  return codes.map((code) => ({ value: code, label: names.of(code) ?? code }));
}

export function timeZoneChoices(current: string | undefined): Choice[] {
  const zones = withCurrent([...Intl.supportedValuesOf('timeZone'), 'UTC'], current);

  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}

/** ISO weekdays 1 (Monday) to 7 (Sunday) with their short names. */
export function weekdayChoices(locale: string): Choice[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });

  // 2024-01-01 was a Monday, so day n of that week is ISO weekday n.
  return ISO_WEEKDAYS.map((day) => ({
    value: String(day),
    label: format.format(Date.UTC(2024, 0, day)),
  }));
}

function withCurrent(values: readonly string[], current: string | undefined): string[] {
  const unique = new Set(values);
  if (current) {
    unique.add(current);
  }
  return [...unique].sort();
}
