/**
 * Words before which a short number is taken as an invoice number: Dutch,
 * English, German and French words for invoice, and "nr"/"no".
 */
const INVOICE_WORD =
  /\b(?:factuur|facturen|factuurnr|fact|fctr|invoice|invoices|inv|rechnung|rechnungen|re|facture|factures|nota|nr|no)\b/i;

/** Digits-only tokens shorter than this count only after an invoice word. */
const MIN_BARE_NUMBER_LENGTH = 4;

/**
 * Splits remittance text into the tokens that may be invoice numbers,
 * upper-cased. Tokens are separated by whitespace, semicolons, brackets,
 * quotes and commas followed by a space. A comma inside a token stays, so
 * an amount such as "125,00" never yields "125". Punctuation at either end
 * goes ("201403110," gives "201403110"), and a word prefix such as "nr." or
 * "inv:" is also tried without the prefix. Date-like and amount-like tokens
 * stay whole, so an invoice "2026" does not match inside "12-03-2026".
 * A token of fewer than four digits is kept only after an invoice word in
 * the text ("Factuur 7 en 8"). A short number in a payment text is more
 * often a quantity or a day.
 */
export function findInvoiceNumberTokens(text: string): string[] {
  const tokens = new Set<string>();
  const words = text.split(/[\s;()[\]{}"']+|,(?=\s|$)/);
  let invoiceWordSeen = false;

  for (const word of words) {
    const token = word.replace(/^[.,:#/\\-]+|[.,:#/\\-]+$/g, '').toUpperCase();
    if (token === '') {
      continue;
    }
    for (const candidate of [token, withoutWordPrefix(token)]) {
      if (candidate !== undefined && isCandidate(candidate, invoiceWordSeen)) {
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

function isCandidate(token: string, invoiceWordSeen: boolean): boolean {
  if (!/[0-9]/.test(token)) {
    return false;
  }
  if (/^\d+$/.test(token) && token.length < MIN_BARE_NUMBER_LENGTH) {
    return invoiceWordSeen;
  }

  return true;
}
