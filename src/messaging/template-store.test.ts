import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTemplateSet, resolveTemplateLanguage, templateKeys } from './template-store.ts';

describe('loadTemplateSet repository templates', () => {
  const set = loadTemplateSet();

  it.each(['nl', 'en', 'de', 'fr'])('has every template key in %s', (language) => {
    for (const key of templateKeys) {
      expect(set.has(language, key)).toBe(true);
    }
  });

  it('resolves the first language with templates', () => {
    expect(resolveTemplateLanguage(set, 'reminder-1', ['it', 'fr'])).toBe('fr');
    expect(resolveTemplateLanguage(set, 'reminder-1', [null, 'it'])).toBe('en');
    expect(resolveTemplateLanguage(set, 'no-such-key', ['nl'])).toBe('en');
  });
});

describe('loadTemplateSet sandbox', () => {
  let directory: string;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-templates-'));
    fs.mkdirSync(path.join(directory, 'xx'));
    fs.writeFileSync(
      path.join(directory, 'xx', 'include.liquid'),
      "{% include '../../etc/hostname' %}",
    );
    fs.writeFileSync(path.join(directory, 'xx', 'prototype.liquid'), '[{{ debtor.constructor }}]');
    fs.writeFileSync(path.join(directory, 'xx', 'value.liquid'), '{{ debtor.name }}');
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('cannot include files outside the set', async () => {
    const set = loadTemplateSet(directory);

    await expect(set.text.renderFile('xx/include', {})).rejects.toThrow(/ENOENT/);
  });

  it('hides inherited properties', async () => {
    const set = loadTemplateSet(directory);

    expect(await set.text.renderFile('xx/prototype', { debtor: { name: 'A' } })).toBe('[]');
  });

  it('escapes only in the html engine', async () => {
    const set = loadTemplateSet(directory);
    const scope = { debtor: { name: `Müller & Söhne <"Test">` } };

    expect(await set.html.renderFile('xx/value', scope)).toBe(
      'Müller &amp; Söhne &lt;&#34;Test&#34;&gt;',
    );
    expect(await set.text.renderFile('xx/value', scope)).toBe(`Müller & Söhne <"Test">`);
  });
});
