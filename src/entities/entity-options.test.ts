import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, ENTITY_LANGUAGES } from './entity-options.ts';

describe('entity options', () => {
  it('languages match the template folders', () => {
    const templateDirectory = new URL('../../templates/', import.meta.url);
    const folders = fs
      .readdirSync(templateDirectory, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'layouts')
      .map((entry) => entry.name);

    expect([...ENTITY_LANGUAGES].sort()).toEqual(folders.sort());
  });

  it('country codes are 249 ISO codes and XK', () => {
    expect(new Set(COUNTRY_CODES).size).toBe(250);
    expect(COUNTRY_CODES).toContain('XK');
    expect(COUNTRY_CODES).not.toContain('UK');
  });

  it('every country code has a name', () => {
    const names = new Intl.DisplayNames('en', { type: 'region' });
    const unnamed = COUNTRY_CODES.filter((code) => names.of(code) === code);

    expect(unnamed).toEqual([]);
  });
});
