/**
 * Characters above U+00FF that the Windows-1252 (WinAnsi) encoding of the
 * PDF standard fonts contains: euro sign, typographic quotes, dashes and a
 * few letters.
 */
const winAnsiExtras = new Set(
  '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.split('').map((character) => character.codePointAt(0)),
);

/** Letters without a Unicode decomposition, written as their usual Latin transliteration. */
const transliterations: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
};

/** The spaces Intl puts in amounts and dates (narrow no-break, thin, figure) become U+00A0. */
const SPACES = /[\u2007\u2009\u202f]/g;

/**
 * Rewrites text for the PDF standard fonts, which draw only WinAnsi
 * characters: Intl's narrow spaces become no-break spaces, accented letters
 * outside WinAnsi lose their accent (ő becomes o), and anything else, such
 * as emoji, becomes "?". Without this, pdfkit writes wrong glyph codes.
 *
 * NOTE: letters print emoji and Greek, Cyrillic or CJK names as "?". The
 * standard fonts cannot draw them, and printing them needs an embedded
 * Unicode font. E-mail and SMS keep these characters.
 */
export function toWinAnsi(text: string): string {
  let result = '';
  for (const character of text.replace(SPACES, '\u00a0')) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0xff || winAnsiExtras.has(code)) {
      result += character;
      continue;
    }
    const base = character.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    if ([...base].every((part) => (part.codePointAt(0) ?? 0) <= 0xff)) {
      result += base;
      continue;
    }
    result += transliterations[character] ?? '?';
  }

  return result;
}
