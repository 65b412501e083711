import type { DecimalSeparator } from '../money/money.ts';
import { ImportFileError } from './import-problems.ts';

/** Evidence that one written amount gives about the decimal separator. */
export type DecimalEvidence = DecimalSeparator | 'either' | 'none';

/**
 * Reads the separator from one amount. With both "." and ",", the last one
 * is the decimal separator. A separator that occurs twice groups thousands.
 * A single separator followed by exactly three digits ("1,234") could be
 * either, and one followed by another count of digits is the decimal separator.
 */
export function decimalEvidence(text: string): DecimalEvidence {
  const value = text.replace(/[^\d.,]/g, '');
  const lastDot = value.lastIndexOf('.');
  const lastComma = value.lastIndexOf(',');
  if (lastDot !== -1 && lastComma !== -1) {
    return lastDot > lastComma ? '.' : ',';
  }
  if (lastDot === -1 && lastComma === -1) {
    return 'none';
  }
  const separator: DecimalSeparator = lastDot !== -1 ? '.' : ',';
  const other: DecimalSeparator = separator === '.' ? ',' : '.';
  if (value.indexOf(separator) !== value.lastIndexOf(separator)) {
    return other;
  }

  return value.length - value.indexOf(separator) - 1 === 3 ? 'either' : separator;
}

/**
 * Detects the decimal separator of a file's amounts. Amounts that disagree,
 * or that only fit either reading (every one like "1,234"), reject the file,
 * because a wrong guess would change amounts a thousandfold. Whole numbers
 * read the same either way, so amounts that are all whole give ".".
 */
export function detectDecimalSeparator(
  amounts: Array<{ line: number; column: string; text: string }>,
): DecimalSeparator {
  const first: Partial<Record<DecimalEvidence, (typeof amounts)[number]>> = {};
  for (const amount of amounts) {
    first[decimalEvidence(amount.text)] ??= amount;
  }
  const point = first['.'];
  const comma = first[','];
  if (point && comma) {
    throw new ImportFileError(
      `The amounts mix decimal points (line ${point.line}: "${point.text}") and decimal commas (line ${comma.line}: "${comma.text}"). Set "decimalSeparator" in a mapping file.`,
    );
  }
  if (point || comma) {
    return point ? '.' : ',';
  }
  const either = first.either;
  if (either) {
    throw new ImportFileError(
      `Cannot tell whether "${either.text}" (line ${either.line}, column ${either.column}) has a decimal or a thousands separator, and no other amount shows it. Set "decimalSeparator" in a mapping file.`,
    );
  }

  return '.';
}
