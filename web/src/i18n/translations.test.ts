import { describe, expect, it } from 'vitest';
import en from './en.json';
import nl from './nl.json';

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

describe('translations', () => {
  const english = flatten(en);
  const dutch = flatten(nl);

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
