import { z } from 'zod';
import type { LocalizedNames } from '../db/schema.ts';

/** Maximum languages per name record; Collecta's entity languages are far fewer. */
const MAX_LANGUAGES = 30;

/**
 * Names by language, as {"nl": "Verkoop", "de": "Vertrieb"}: each key a
 * two-letter lowercase ISO 639-1 code, each name 1 to 100 characters.
 */
export const localizedNames = z
  .record(z.string(), z.string().trim().min(1).max(100))
  .superRefine((names, context) => {
    const codes = Object.keys(names);
    for (const code of codes.filter((candidate) => !/^[a-z]{2}$/.test(candidate))) {
      context.addIssue({
        code: 'custom',
        path: [code],
        message: `"${code}" is not a language code; use a two-letter lowercase code, such as "nl"`,
      });
    }
    if (codes.length > MAX_LANGUAGES) {
      context.addIssue({
        code: 'custom',
        message: `give names in at most ${MAX_LANGUAGES} languages`,
      });
    }
  });

/** Reads a names column, keeping only string values, so a hand-edited row cannot break a response. */
export function readLocalizedNames(value: unknown): LocalizedNames {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }

  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}
