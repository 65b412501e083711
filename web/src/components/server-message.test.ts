import { readFileSync } from 'node:fs';
import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError, notice } from '../../../src/errors.ts';
import { translateServerMessage } from './server-message.ts';

function readServerErrors(language: string): Record<string, unknown> {
  const file = new URL(`../i18n/namespaces/${language}/serverErrors.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('translateServerMessage', () => {
  let i18n: I18n;

  beforeAll(async () => {
    i18n = i18next.createInstance();
    await i18n.init({
      resources: {
        en: { serverErrors: readServerErrors('en') },
        nl: { serverErrors: readServerErrors('nl') },
      },
      lng: 'nl',
      fallbackLng: 'en',
      interpolation: { escapeValue: false },
    });
  });

  it('translates a key with its parameters', () => {
    const error = new AppError(
      'invalid_input',
      notice('instalment_count_invalid', { count: 99, min: 2, max: 60 }),
    );

    expect(translateServerMessage(i18n, error)).toBe(
      '99 termijnen is niet mogelijk. Kies een geheel getal van 2 tot en met 60.',
    );
    expect(error.message).toBe('instalmentCount 99 is invalid; give a whole number from 2 to 60.');
  });

  it('names the line of a file in Dutch', () => {
    const message = {
      code: 'import_rejected',
      key: 'statement_file_unknown_format',
      params: { place: 'notes.txt, line 1', file: 'notes.txt', line: 1, firstLine: 'hello' },
      message: 'notes.txt, line 1, content ("hello") is neither camt XML …',
    };

    expect(translateServerMessage(i18n, message)).toMatch(/^notes\.txt, regel 1: de inhoud/);
  });

  it('uses the code for an unknown key', () => {
    const message = { code: 'conflict', key: 'newer_key', message: 'Invoice F1 is held.' };

    expect(translateServerMessage(i18n, message)).toBe(
      'Dit kan niet in de huidige toestand: Invoice F1 is held.',
    );
  });

  it('shows the server text for an unknown code', () => {
    const message = { code: 'newer_code', message: 'Something new went wrong.' };

    expect(translateServerMessage(i18n, message)).toBe('Something new went wrong.');
  });
});
