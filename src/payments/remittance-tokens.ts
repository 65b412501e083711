/**
 * Words in remittance text that may be an invoice number or a payment
 * reference. Automatic matching of bank statements uses the strict
 * findInvoiceNumberTokens. The payments queue uses the broader
 * remittanceTokens to suggest invoices that a person then confirms.
 */

/**
 * Characters between words: whitespace, semicolons, brackets, quotes, "<",
 * ">", "|", and a comma followed by a space or the end. A comma inside a
 * word stays, so the amount "125,00" is one word.
 */
const WORD_SEPARATORS = /[\s;()[\]{}"'<>|]+|,(?=\s|$)/;

/** Punctuation at either end of a word, which no invoice number starts or ends with. */
const EDGE_PUNCTUATION = /^[.,:#/\\-]+|[.,:#/\\-]+$/g;

/**
 * Splits remittance text into words as written, without the punctuation at
 * either end ("201403110," gives "201403110"). Empty words are left out.
 */
function splitRemittanceWords(text: string): string[] {
  return text
    .split(WORD_SEPARATORS)
    .map((word) => word.replace(EDGE_PUNCTUATION, ''))
    .filter((word) => word !== '');
}

/**
 * Words before which a short number is taken as an invoice number: Dutch,
 * English, German and French words for invoice, and "nr"/"no".
 */
const INVOICE_WORD =
  /\b(?:factuur|facturen|factuurnr|fact|fctr|invoice|invoices|inv|rechnung|rechnungen|re|facture|factures|nota|nr|no)\b/i;

/** Digits-only tokens shorter than this count only after an invoice word. */
const MIN_BARE_NUMBER_LENGTH = 4;

/**
 * Returns the words of remittance text that may be invoice numbers,
 * upper-cased, for automatic matching. Only words with a digit count. A
 * word prefix such as "nr." or "inv:" is also tried without the prefix.
 * Date-like and amount-like words stay whole, so an invoice "2026" does not
 * match inside "12-03-2026" and an amount "125,00" never yields "125". A
 * number of fewer than four digits is kept only after an invoice word in
 * the text ("Factuur 7 en 8"), because a short number in a payment text is
 * more often a quantity or a day.
 */
export function findInvoiceNumberTokens(text: string): string[] {
  const tokens = new Set<string>();
  let invoiceWordSeen = false;

  for (const word of splitRemittanceWords(text)) {
    const token = word.toUpperCase();
    for (const candidate of [token, withoutWordPrefix(token)]) {
      if (candidate !== undefined && isInvoiceNumberCandidate(candidate, invoiceWordSeen)) {
        tokens.add(candidate);
      }
    }
    if (INVOICE_WORD.test(word)) {
      invoiceWordSeen = true;
    }
  }

  return [...tokens];
}

/** "NR.2026-0007" gives "2026-0007"; undefined when the token has no such prefix. */
function withoutWordPrefix(token: string): string | undefined {
  const match = /^[A-Z]+[.:#]+(.+)$/.exec(token);

  return match?.[1];
}

function isInvoiceNumberCandidate(token: string, invoiceWordSeen: boolean): boolean {
  if (!/[0-9]/.test(token)) {
    return false;
  }
  if (/^\d+$/.test(token) && token.length < MIN_BARE_NUMBER_LENGTH) {
    return invoiceWordSeen;
  }

  return true;
}

/**
 * Characters that may join parts of a number ("2024-001", "INV/17", "nr:17")
 * or separate two numbers ("2024001,2024002"). remittanceTokens tries each
 * word whole and split at them.
 */
const JOINERS = /[.,:/#-]+/;

/** An ISO 11649 creditor reference, written in groups of four or without spaces. */
const CREDITOR_REFERENCE = /RF\d{2}(?: ?[A-Z0-9]{1,4}){1,6}/gi;

/** A Dutch payment reference: 16 digits, written in groups of four or without spaces. */
const DUTCH_REFERENCE = /\d{4}(?: ?\d{4}){3}/g;

/** Shorter tokens match too many invoice numbers by chance, so they are left out. */
const MIN_TOKEN_LENGTH = 3;

/**
 * Returns the words of remittance text that may be an invoice number or a
 * payment reference, for suggestions. Each word counts as written and in
 * upper case, and so do its parts between ".", ",", ":", "/", "#" and "-".
 * References written in groups of four count with the spaces taken out. A
 * creditor reference's last group may run into the next word, so every
 * group count is a candidate. Tokens shorter than three characters are
 * left out.
 */
export function remittanceTokens(text: string): string[] {
  const tokens = new Set<string>();
  const add = (candidate: string) => {
    const trimmed = candidate.replace(EDGE_PUNCTUATION, '');
    if (trimmed.length >= MIN_TOKEN_LENGTH) {
      tokens.add(trimmed);
      tokens.add(trimmed.toUpperCase());
    }
  };

  for (const word of splitRemittanceWords(text)) {
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
