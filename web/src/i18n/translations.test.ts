import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
