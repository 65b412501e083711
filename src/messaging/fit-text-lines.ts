import type { Doc } from './letter-geometry.ts';

/** Lines of text that fit their width at one font size. */
export interface FittedLines {
  fontSize: number;
  lines: string[];
}

/**
 * Packs `parts` into at most `maxLines` lines of `width` points, joined by
 * `separator` within a line. It tries font sizes from `maxSize` down to
 * `minSize` in steps of 0.25 pt and returns the largest at which every
 * line fits, or undefined when none does. Lines break between parts, and a
 * part wider than a whole line breaks at its spaces, never inside a word.
 * The caller sets the font face first, and this function leaves the font
 * size changed.
 */
export function fitTextLines(
  doc: Doc,
  parts: readonly string[],
  options: { width: number; maxLines: number; maxSize: number; minSize: number; separator: string },
): FittedLines | undefined {
  for (let fontSize = options.maxSize; fontSize >= options.minSize; fontSize -= 0.25) {
    doc.fontSize(fontSize);
    const lines = packLines(doc, parts, options.width, options.separator);
    if (lines && lines.length <= options.maxLines) {
      return { fontSize, lines };
    }
  }

  return undefined;
}

/**
 * Fills lines greedily with `parts` at the current font. Returns undefined
 * when a single word is wider than `width`.
 */
function packLines(
  doc: Doc,
  parts: readonly string[],
  width: number,
  separator: string,
): string[] | undefined {
  const pieces = splitWideParts(doc, parts, width, separator);
  if (pieces.some((piece) => doc.widthOfString(piece.text) > width)) {
    return undefined;
  }

  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const joined = line === '' ? piece.text : `${line}${piece.joiner}${piece.text}`;
    if (line !== '' && doc.widthOfString(joined) > width) {
      lines.push(line);
      line = piece.text;
    } else {
      line = joined;
    }
  }
  if (line !== '') {
    lines.push(line);
  }

  return lines;
}

/**
 * Splits each part wider than `width` into its words. `joiner` is the text
 * placed before a piece that continues a line: the separator before a new
 * part, a space before the next word of the same part.
 */
function splitWideParts(
  doc: Doc,
  parts: readonly string[],
  width: number,
  separator: string,
): Array<{ text: string; joiner: string }> {
  return parts.flatMap((part) => {
    if (doc.widthOfString(part) <= width) {
      return [{ text: part, joiner: separator }];
    }

    return part
      .split(/\s+/)
      .filter((word) => word !== '')
      .map((word, index) => ({ text: word, joiner: index === 0 ? separator : ' ' }));
  });
}
