/** Characters that never occur inside an invoice number or payment reference. */
const SEPARATORS = /[\s,;:()[\]{}"'<>|]+/;

/** Characters that may join parts of a number ("2024-001", "INV/17"), tried whole and split. */
const JOINERS = /[./#-]+/;

/** An ISO 11649 creditor reference, written in groups of four or without spaces. */
const CREDITOR_REFERENCE = /RF\d{2}(?: ?[A-Z0-9]{1,4}){1,6}/gi;

/** A Dutch payment reference: 16 digits, written in groups of four or without spaces. */
const DUTCH_REFERENCE = /\d{4}(?: ?\d{4}){3}/g;

/** Shorter tokens match too many invoice numbers by chance, so they are left out. */
const MIN_TOKEN_LENGTH = 3;

/**
 * Returns the words of a remittance text that may be an invoice number or a
 * payment reference: each word as written and in upper case, the parts of
 * words joined by ".", "/", "#" or "-", and references written in groups of
 * four with the spaces taken out. A creditor reference's last group may run
 * into the next word, so every group count is a candidate.
 */
export function remittanceTokens(text: string): string[] {
  const tokens = new Set<string>();
  const add = (candidate: string) => {
    const trimmed = candidate.replace(/^[./#-]+|[./#-]+$/g, '');
    if (trimmed.length >= MIN_TOKEN_LENGTH) {
      tokens.add(trimmed);
      tokens.add(trimmed.toUpperCase());
    }
  };

  for (const word of text.split(SEPARATORS)) {
    add(word);
    for (const part of word.split(JOINERS)) {
      add(part);
    }
  }
  for (const match of text.matchAll(CREDITOR_REFERENCE)) {
    const groups = match[0].split(' ');
    for (let count = 1; count <= groups.length; count += 1) {
      add(groups.slice(0, count).join(''));
    }
  }
  for (const match of text.matchAll(DUTCH_REFERENCE)) {
    add(match[0].replaceAll(' ', ''));
  }

  return [...tokens];
}
