import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { validateEntityFields, type EntityFieldsInput } from './validate-entity-fields.ts';

/** Returns the issues that validation reports, or an empty list when it passes. */
function issuesOf(input: EntityFieldsInput, current?: Parameters<typeof validateEntityFields>[1]) {
  try {
    validateEntityFields(input, current);
    return [];
  } catch (error) {
    if (!(error instanceof AppError)) {
      throw error;
    }
    return (error.details as { fields: Array<{ field: string; message: string }> }).fields;
  }
}

function messageOf(input: EntityFieldsInput): string {
  const [issue] = issuesOf(input);
  return issue ? `${issue.field}: ${issue.message}` : '';
}

describe('validateEntityFields', () => {
  it('normalises valid settings', () => {
    const fields = validateEntityFields({
      code: 'NL01',
      name: '  Acme B.V. ',
      currency: 'eur',
      country: 'nl',
      languages: ['NL', 'en'],
      timeZone: 'europe/amsterdam',
      iban: 'nl91 abna 0417 1643 00',
      bic: 'abnanl2a',
      vatNumber: 'NL 8612.34567.B01',
      cocNumber: '8123 4567',
      senderEmail: ' debiteuren@acme.example ',
      portalUrl: 'https://pay.acme.example/portal',
      workingDays: [5, 1, 2, 3, 4, 1],
      holidayCalendar: 'nl',
      city: '',
    });

    expect(fields).toEqual({
      code: 'NL01',
      name: 'Acme B.V.',
      currency: 'EUR',
      country: 'NL',
      languages: ['nl', 'en'],
      timeZone: 'Europe/Amsterdam',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      vatNumber: 'NL861234567B01',
      cocNumber: '81234567',
      senderEmail: 'debiteuren@acme.example',
      portalUrl: 'https://pay.acme.example/portal',
      workingDays: [1, 2, 3, 4, 5],
      holidayCalendar: 'NL',
      city: null,
    });
  });

  it('lists every invalid field at once', () => {
    const issues = issuesOf({
      currency: 'EURO',
      country: 'XY',
      timeZone: 'Mars/Olympus',
      iban: 'NL91ABNA0417164301',
      senderEmail: 'not an address',
    });

    expect(issues.map((issue) => issue.field)).toEqual([
      'currency',
      'country',
      'timeZone',
      'iban',
      'senderEmail',
    ]);
  });

  it('message names field, value and fix', () => {
    try {
      validateEntityFields({ timeZone: 'Europe/Amsterdm' }, { labelOf: () => '--timezone' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).toBe(
        'Invalid entity settings. --timezone: "Europe/Amsterdm" is not an IANA time zone. Use a zone such as Europe/Amsterdam or UTC.',
      );
    }
  });

  it.each<[string, EntityFieldsInput, RegExp]>([
    ['code with space', { code: 'NL 01' }, /^code: "NL 01" is not a valid code/],
    ['empty name', { name: '  ' }, /^name: The name is empty/],
    ['name with line break', { name: 'Acme\nBcc: x' }, /^name: .* line break/],
    [
      'unknown currency',
      { currency: 'EUX' },
      /^currency: "EUX" is not an ISO 4217 .* Similar codes: EUR/,
    ],
    ['UK as country', { country: 'UK' }, /^country: "UK" is not an ISO 3166-1 .* Use GB/],
    [
      'unknown language',
      { languages: ['qq'] },
      /^languages: "qq" is not an ISO 639-1 .* Use nl, en, de or fr/,
    ],
    ['no language', { languages: [] }, /^languages: No language is given/],
    ['repeated language', { languages: ['nl', 'NL'] }, /^languages: .* names nl twice/],
    ['time zone abbreviation', { timeZone: 'CET' }, /^timeZone: "CET" is not an IANA time zone/],
    ['IBAN check digits', { iban: 'NL91ABNA0417164301' }, /^iban: .* is not a valid IBAN/],
    ['short BIC', { bic: 'ABNANL' }, /^bic: "ABNANL" is not a BIC/],
    ['BIC without country', { bic: 'ABNAQQ2A' }, /^bic: .* is not a country code/],
    [
      'NL VAT layout',
      { vatNumber: 'NL861234567' },
      /^vatNumber: .* Use NL, 9 digits, B and 2 digits/,
    ],
    ['BE VAT layout', { vatNumber: 'BE2123456789' }, /^vatNumber: .* Use BE, then 0 or 1/],
    ['other VAT too short', { vatNumber: 'ES1' }, /^vatNumber: .* 2 to 13 letters or digits/],
    [
      'e-mail with name',
      { senderEmail: 'Acme <a@acme.example>' },
      /^senderEmail: .* without a name/,
    ],
    ['http portal', { portalUrl: 'http://pay.acme.example' }, /^portalUrl: .* does not use https/],
    ['portal not a URL', { portalUrl: 'pay.acme.example' }, /^portalUrl: .* is not a URL/],
    ['portal with password', { portalUrl: 'https://a:b@pay.acme.example' }, /password/],
    ['weekday 8', { workingDays: [1, 8] }, /^workingDays: .* contains 8, which is no ISO weekday/],
    ['no working day', { workingDays: [] }, /^workingDays: No working day/],
    [
      'unknown calendar',
      { holidayCalendar: 'US' },
      /^holidayCalendar: "US" .* Use NL, BE, DE, GB or FR/,
    ],
  ])('rejects %s', (_case, input, expected) => {
    expect(messageOf(input)).toMatch(expected);
  });

  it('accepts http portal on localhost', () => {
    expect(validateEntityFields({ portalUrl: 'http://localhost:5173/pay' }).portalUrl).toBe(
      'http://localhost:5173/pay',
    );
    expect(validateEntityFields({ portalUrl: 'http://127.0.0.1/pay' }).portalUrl).toBe(
      'http://127.0.0.1/pay',
    );
  });

  it.each([
    'BE0123456789',
    'BE1234567890',
    'DE123456789',
    'GB123456789',
    'FR40123456789',
    'ATU12345678',
  ])('accepts VAT number %s', (vatNumber) => {
    expect(validateEntityFields({ vatNumber }).vatNumber).toBe(vatNumber);
  });

  it('accepts time zone aliases and UTC', () => {
    expect(validateEntityFields({ timeZone: 'utc' }).timeZone).toBe('UTC');
    expect(validateEntityFields({ timeZone: 'Europe/Kyiv' }).timeZone).toMatch(/^Europe\/Ky?iv$/);
  });

  it('checks KvK and KBO numbers by country', () => {
    expect(messageOf({ country: 'NL', cocNumber: '1234567' })).toMatch(/^cocNumber: .* 8 digits/);
    expect(messageOf({ country: 'BE', cocNumber: '2123.456.789' })).toMatch(/10 digits/);
    expect(validateEntityFields({ country: 'BE', cocNumber: '0123.456.789' }).cocNumber).toBe(
      '0123456789',
    );
    expect(validateEntityFields({ country: 'DE', cocNumber: 'HRB 104512' }).cocNumber).toBe(
      'HRB 104512',
    );
  });

  it('rejects BIC of another country than the IBAN', () => {
    expect(messageOf({ iban: 'BE68539007547034', bic: 'ABNANL2A' })).toBe(
      'bic: The BIC ABNANL2A belongs to a bank in NL, but the IBAN BE68539007547034 is from BE. Use the BIC of the bank that holds the IBAN.',
    );
  });

  it('compares a new IBAN with the stored BIC', () => {
    const current = { code: 'NL01', country: 'NL', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' };

    expect(issuesOf({ iban: 'BE68539007547034' }, { current })).toEqual([
      expect.objectContaining({ field: 'iban' }),
    ]);
    expect(issuesOf({ iban: 'BE68539007547034', bic: null }, { current })).toEqual([]);
  });

  it('accepts a Jersey BIC with a GB IBAN', () => {
    expect(issuesOf({ iban: 'GB29NWBK60161331926819', bic: 'RBOSJESH' })).toEqual([]);
  });

  it('clears optional fields with null and empty text', () => {
    expect(validateEntityFields({ iban: null, bic: '', holidayCalendar: null })).toEqual({
      iban: null,
      bic: null,
      holidayCalendar: null,
    });
  });

  it('accepts a language without templates', () => {
    expect(validateEntityFields({ languages: ['it', 'en'] }).languages).toEqual(['it', 'en']);
  });

  it('merges language into languages', () => {
    expect(validateEntityFields({ language: 'de' }).languages).toEqual(['de']);
    expect(messageOf({ language: 'de', languages: ['nl', 'de'] })).toMatch(
      /^language: "de" differs from the first of the languages, nl/,
    );
  });

  it('rejects a code change', () => {
    const current = { code: 'NL01', country: 'NL', iban: null, bic: null };

    expect(issuesOf({ code: 'NL01' }, { current })).toEqual([]);
    expect(issuesOf({ code: 'NL02' }, { current })).toEqual([
      expect.objectContaining({ field: 'code', message: expect.stringMatching(/cannot change/) }),
    ]);
  });
});
