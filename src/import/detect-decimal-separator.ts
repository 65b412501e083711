import type { DecimalSeparator } from '../money/money.ts';
import { ImportFileError } from './import-problems.ts';

/** What one written amount tells about the decimal separator. */
export type DecimalEvidence = DecimalSeparator | 'either' | 'none';

/**
 * Reads the separator from one amount: with both "." and ",", the last is
 * the decimal separator; a separator that occurs twice groups thousands; a
 * single separator followed by exactly three digits ("1,234") could be
 * either; one followed by another count of digits is the decimal separator.
 */
export function decimalEvidence(text: string): DecimalEvidence {
  const value = text.replace(/[^\d.,]/g, '');
  const lastDot = value.lastIndexOf('.');
  const lastComma = value.lastIndexOf(',');
  if (lastDot !== -1 && lastComma !== -1) {
    return lastDot > lastComma ? '.' : ',';
  }
  const separator = lastDot !== -1 ? '.' : lastComma !== -1 ? ',' : undefined;
  if (!separator) {
    return 'none';
  }
  const other: DecimalSeparator = separator === '.' ? ',' : '.';
  if (value.indexOf(separator) !== value.lastIndexOf(separator)) {
    return other;
  }

  return value.length - value.indexOf(separator) - 1 === 3 ? 'either' : separator;
}

/**
 * The decimal separator of a file's amounts, when they show it. Amounts
 * that disagree, or that only fit either reading (every one like "1,234"),
 * reject the file: guessing would change amounts a thousandfold. Whole
 * numbers alone show nothing and read the same either way, so they give ".".
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
