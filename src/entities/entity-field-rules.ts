import { z } from 'zod';
import { isValidIban, normaliseIban } from '../payments/iban.ts';
import {
  COUNTRY_CODES,
  ENTITY_LANGUAGES,
  HOLIDAY_CALENDARS,
  isEntityLanguage,
  isHolidayCalendar,
  type HolidayCalendar,
} from './entity-options.ts';

/**
 * Checks of single entity fields. Each rule returns the normalised value or
 * throws FieldProblem with a sentence that names the value and the fix; the
 * caller adds the field name.
 */
export class FieldProblem extends Error {}

const countryCodes = new Set(COUNTRY_CODES);

/** Codes that people often type for a country, with the ISO 3166 code to use instead. */
const countryCodeMistakes: Record<string, string> = {
  UK: 'GB for the United Kingdom',
  EL: 'GR for Greece',
  EN: 'GB for England',
};

const CONTROL_CHARACTERS = /\p{Cc}/u;

/** Trims text, rejects control characters such as line breaks, and enforces the length. */
export function checkText(value: string, maxLength: number): string {
  const text = value.trim();
  if (CONTROL_CHARACTERS.test(text)) {
    throw new FieldProblem(
      `${quote(value)} contains a line break or control character. Use one line of plain text.`,
    );
  }
  if (text.length > maxLength) {
    throw new FieldProblem(
      `${quote(value)} is ${text.length} characters long. Use at most ${maxLength}.`,
    );
  }

  return text;
}

export function checkEntityCode(value: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(value)) {
    throw new FieldProblem(
      `${quote(value)} is not a valid code. Use 1 to 32 letters, digits, "-" and "_", starting with a letter or digit, such as NL01.`,
    );
  }

  return value;
}

export function checkName(value: string): string {
  const name = checkText(value, 200);
  if (name === '') {
    throw new FieldProblem('The name is empty. Give the legal name of the entity.');
  }

  return name;
}

/** Accepts the ISO 4217 codes of Intl.supportedValuesOf('currency'), which depend on Node's ICU data. */
export function checkCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  const supported = Intl.supportedValuesOf('currency');
  if (supported.includes(code)) {
    return code;
  }
  const similar = supported.filter((candidate) => candidate.startsWith(code.slice(0, 2)));
  const hint =
    similar.length > 0 && code.length >= 2 ? ` Similar codes: ${similar.join(', ')}.` : '';

  throw new FieldProblem(
    `${quote(value)} is not an ISO 4217 currency code. Use a three-letter code such as EUR, GBP or USD.${hint}`,
  );
}

export function checkCountry(value: string): string {
  const code = value.trim().toUpperCase();
  if (countryCodes.has(code)) {
    return code;
  }
  const mistake = countryCodeMistakes[code];
  const fix = mistake ? `Use ${mistake}.` : 'Use a two-letter code such as NL, BE, DE, GB or FR.';

  throw new FieldProblem(`${quote(value)} is not an ISO 3166-1 alpha-2 country code. ${fix}`);
}

const languageNames = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });

/**
 * Accepts an ISO 639-1 language code that Intl has a name for. Collecta has reminder
 * templates in ENTITY_LANGUAGES only; messages in another language fall
 * back to the entity's first language with templates, else English.
 */
export function checkLanguage(value: string): string {
  const code = value.trim().toLowerCase();
  if (isEntityLanguage(code)) {
    return code;
  }
  if (!/^[a-z]{2}$/.test(code) || languageNames.of(code) === undefined) {
    throw new FieldProblem(
      `${quote(value)} is not an ISO 639-1 language code. Use ${listOf(ENTITY_LANGUAGES)}, the languages that Collecta has reminders in.`,
    );
  }

  return code;
}

export function checkLanguages(values: readonly string[]): string[] {
  if (values.length === 0) {
    throw new FieldProblem(
      `No language is given. Give one or more of ${listOf(ENTITY_LANGUAGES)}; the first is the default.`,
    );
  }
  const languages = values.map(checkLanguage);
  const duplicate = languages.find((language, index) => languages.indexOf(language) !== index);
  if (duplicate) {
    throw new FieldProblem(`${quote(values)} names ${duplicate} twice. Give each language once.`);
  }

  return languages;
}

/**
 * Accepts the zones of Intl.supportedValuesOf('timeZone') and UTC, in any
 * letter case, and other names of a zone that Intl accepts (such as
 * Europe/Kyiv, which older ICU versions list as Europe/Kiev). Abbreviations
 * such as CET or EST are rejected: Intl maps them to one city's zone, which
 * is seldom what was meant.
 */
export function checkTimeZone(value: string): string {
  const name = value.trim();
  const listed = [...Intl.supportedValuesOf('timeZone'), 'UTC'].find(
    (zone) => zone.toLowerCase() === name.toLowerCase(),
  );
  if (listed) {
    return listed;
  }
  if (name.includes('/') && acceptsTimeZone(name)) {
    return name;
  }

  throw new FieldProblem(
    `${quote(value)} is not an IANA time zone. Use a zone such as Europe/Amsterdam or UTC.`,
  );
}

function acceptsTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function checkIban(value: string): string {
  const iban = normaliseIban(value);
  if (!isValidIban(iban)) {
    throw new FieldProblem(
      `${quote(value)} is not a valid IBAN: its check digits, or its length for the country, are wrong. Copy the IBAN from a bank statement.`,
    );
  }

  return iban;
}

/**
 * BIC per ISO 9362: a 4-character party prefix, the ISO 3166 country code
 * of the bank, a 2-character location and an optional 3-character branch.
 */
export function checkBic(value: string): string {
  const bic = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    throw new FieldProblem(
      `${quote(value)} is not a BIC. Use the 8 or 11 characters of the bank's BIC, such as ABNANL2A.`,
    );
  }
  if (!countryCodes.has(bic.slice(4, 6))) {
    throw new FieldProblem(
      `${quote(value)} is not a BIC: its country part, ${bic.slice(4, 6)} (characters 5 and 6), is not a country code. Check the BIC with the bank.`,
    );
  }

  return bic;
}

/** VAT number layouts for countries with a simple rule, after the country prefix. */
const vatPatterns: Record<string, { pattern: RegExp; layout: string }> = {
  NL: {
    pattern: /^NL\d{9}B\d{2}$/,
    layout: 'NL, 9 digits, B and 2 digits, such as NL123456789B01',
  },
  BE: { pattern: /^BE[01]\d{9}$/, layout: 'BE, then 0 or 1 and 9 digits, such as BE0123456789' },
  DE: { pattern: /^DE\d{9}$/, layout: 'DE and 9 digits, such as DE123456789' },
  FR: {
    pattern: /^FR[0-9A-HJ-NP-Z]{2}\d{9}$/,
    layout: 'FR, 2 check characters and the 9-digit SIREN, such as FR40123456789',
  },
  GB: {
    pattern: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
    layout: 'GB and 9 or 12 digits, such as GB123456789',
  },
};

/**
 * Checks a VAT number by the rule of its two-letter prefix where there is a
 * simple one. Other prefixes need 2 to 13 letters or digits after them.
 * Spaces, dots and hyphens are removed. Check digits are not verified.
 */
export function checkVatNumber(value: string): string {
  const vat = value.replace(/[\s.-]/g, '').toUpperCase();
  const rule = vatPatterns[vat.slice(0, 2)];
  if (rule && !rule.pattern.test(vat)) {
    throw new FieldProblem(`${quote(value)} is not a valid VAT number. Use ${rule.layout}.`);
  }
  if (!rule && !/^[A-Z]{2}[A-Z0-9]{2,13}$/.test(vat)) {
    throw new FieldProblem(
      `${quote(value)} is not a valid VAT number. Use the two-letter country prefix and 2 to 13 letters or digits, such as NL123456789B01.`,
    );
  }

  return vat;
}

/**
 * Checks a chamber of commerce number: 8 digits for the Dutch KvK, 10
 * digits starting with 0 or 1 for the Belgian KBO/BCE (dots and spaces
 * removed), and up to 50 characters of text elsewhere.
 */
export function checkCocNumber(value: string, country: string | undefined): string {
  if (country === 'NL' || country === 'BE') {
    const digits = value.replace(/[\s.]/g, '');
    if (country === 'NL' && !/^\d{8}$/.test(digits)) {
      throw new FieldProblem(
        `${quote(value)} is not a KvK number. Use the 8 digits of the Dutch chamber of commerce number.`,
      );
    }
    if (country === 'BE' && !/^[01]\d{9}$/.test(digits)) {
      throw new FieldProblem(
        `${quote(value)} is not a company number. Use the 10 digits of the Belgian KBO/BCE number, such as 0123.456.789.`,
      );
    }
    return digits;
  }

  return checkText(value, 50);
}

export function checkEmail(value: string): string {
  const email = value.trim();
  if (email.length > 254 || !z.email().safeParse(email).success) {
    throw new FieldProblem(
      `${quote(value)} is not an e-mail address. Use one address such as debiteuren@example.com, without a name.`,
    );
  }

  return email;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Accepts an https URL, or an http URL of this computer (localhost, 127.0.0.1, [::1]). */
export function checkPortalUrl(value: string): string {
  const text = checkText(value, 500);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FieldProblem(
      `${quote(value)} is not a URL. Use the full address, such as https://pay.example.com.`,
    );
  }
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) {
    throw new FieldProblem(
      `${quote(value)} does not use https. Use an https:// address; http:// is accepted for localhost only.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new FieldProblem(
      `${quote(value)} contains a user name or password. Remove them: debtors see this address.`,
    );
  }

  return text;
}

/** Returns the ISO weekdays sorted and without duplicates. */
export function checkWorkingDays(values: readonly number[]): number[] {
  if (values.length === 0) {
    throw new FieldProblem(
      'No working day is given. Give one or more ISO weekdays, 1 (Monday) to 7 (Sunday).',
    );
  }
  const invalid = values.filter((day) => !Number.isInteger(day) || day < 1 || day > 7);
  if (invalid.length > 0) {
    throw new FieldProblem(
      `${quote(values)} contains ${invalid.join(', ')}, which is no ISO weekday. Use 1 (Monday) to 7 (Sunday).`,
    );
  }

  return [...new Set(values)].sort((left, right) => left - right);
}

export function checkHolidayCalendar(value: string): HolidayCalendar | null {
  const code = value.trim().toUpperCase();
  if (code === '' || code === 'NONE') {
    return null;
  }
  if (!isHolidayCalendar(code)) {
    throw new FieldProblem(
      `${quote(value)} is not a built-in holiday calendar. Use ${listOf(HOLIDAY_CALENDARS)}, or none and add the closing days yourself.`,
    );
  }

  return code;
}

export function checkBoolean(value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new FieldProblem(`${quote(value)} is not true or false. Use true or false.`);
  }

  return value;
}

/** Highest weekly contact limit accepted; more than 50 contacts a week is no limit in practice. */
export const MAX_CONTACTS_PER_WEEK_LIMIT = 50;

export function checkMaxContactsPerWeek(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_CONTACTS_PER_WEEK_LIMIT
  ) {
    throw new FieldProblem(
      `${quote(value)} is not a whole number from 1 to ${MAX_CONTACTS_PER_WEEK_LIMIT}. Give the most contacts a debtor may get in 7 days, or null for no limit.`,
    );
  }

  return value;
}

/**
 * Checks a local time of day as HH:MM on the 24-hour clock, such as 08:00.
 * A one-digit hour is padded. 24:00 (midnight at the end of the day) is
 * accepted only when `allowMidnightEnd` is set.
 */
export function checkTimeOfDay(value: string, options: { allowMidnightEnd: boolean }): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  const isMidnightEnd = options.allowMidnightEnd && hour === 24 && minute === 0;
  if (!match || ((hour > 23 || minute > 59) && !isMidnightEnd)) {
    const range = options.allowMidnightEnd ? '00:00 to 24:00' : '00:00 to 23:59';
    throw new FieldProblem(
      `${quote(value)} is not a time of day. Use HH:MM on the 24-hour clock, ${range}, such as 18:00.`,
    );
  }

  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

export function quote(value: unknown): string {
  return JSON.stringify(value);
}

function listOf(values: readonly string[]): string {
  return `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
}
