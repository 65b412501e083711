import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, messageCatalogue } from '../../../src/errors.ts';
import en from './en.json';
import nl from './nl.json';

const namespaceDirectory = new URL('./namespaces/', import.meta.url);

function readNamespace(language: string, file: string): unknown {
  return JSON.parse(readFileSync(new URL(`${language}/${file}`, namespaceDirectory), 'utf8'));
}

/** The common texts and every feature namespace, as [name, English, Dutch]. */
const translationSets: Array<[string, unknown, unknown]> = [
  ['common', en, nl],
  ...readdirSync(new URL('en/', namespaceDirectory)).map((file): [string, unknown, unknown] => [
    file,
    readNamespace('en', file),
    readNamespace('nl', file),
  ]),
];

function flatten(value: unknown, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  if (typeof value === 'string') {
    entries.set(prefix, value);
    return entries;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    for (const [path, text] of flatten(child, prefix ? `${prefix}.${key}` : key)) {
      entries.set(path, text);
    }
  }
  return entries;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

describe.each(translationSets)('translations %s', (_name, englishTexts, dutchTexts) => {
  const english = flatten(englishTexts);
  const dutch = flatten(dutchTexts);

  it('nl has every en key', () => {
    expect([...dutch.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('no text is empty', () => {
    const empty = [...english, ...dutch].filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('placeholders match per key', () => {
    const mismatched = [...english].filter(
      ([key, text]) => placeholders(text).join() !== placeholders(dutch.get(key) ?? '').join(),
    );
    expect(mismatched).toEqual([]);
  });
});

describe('server error translations', () => {
  const languages: Array<[string, Map<string, string>]> = [
    ['en', flatten(readNamespace('en', 'serverErrors.json'))],
    ['nl', flatten(readNamespace('nl', 'serverErrors.json'))],
  ];

  it.each(languages)('%s has every error code', (_language, texts) => {
    const missing = Object.keys(errorCatalogue).filter((code) => !texts.has(`codes.${code}`));
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s has every message key', (_language, texts) => {
    const missing = Object.keys(messageCatalogue).filter((key) => !texts.has(`messages.${key}`));
    expect(missing).toEqual([]);
  });

  it.each(languages)('%s has no message key the server lacks', (_language, texts) => {
    const extra = [...texts.keys()]
      .filter((path) => path.startsWith('messages.'))
      .map((path) => path.slice('messages.'.length))
      .filter((key) => !(key in messageCatalogue));
    expect(extra).toEqual([]);
  });

  it.each(languages)('%s uses only parameters the server sends', (_language, texts) => {
    const unknown: string[] = [];
    for (const [key, english] of Object.entries(messageCatalogue)) {
      const sent = new Set(placeholders(english));
      for (const name of placeholders(texts.get(`messages.${key}`) ?? '')) {
        if (!sent.has(name)) {
          unknown.push(`${key}: ${name}`);
        }
      }
    }
    for (const code of Object.keys(errorCatalogue)) {
      for (const name of placeholders(texts.get(`codes.${code}`) ?? '')) {
        if (name !== 'detail' && name !== 'status') {
          unknown.push(`${code}: ${name}`);
        }
      }
    }
    expect(unknown).toEqual([]);
  });
});
