import { describe, expect, it } from 'vitest';
import { isDateFormat, parseDateText } from './date-format.ts';

describe('parseDateText', () => {
  it.each([
    ['1/2/2013', 'M/D/YYYY', '2013-01-02'],
    ['12/31/2013', 'M/D/YYYY', '2013-12-31'],
    ['31-12-2013', 'DD-MM-YYYY', '2013-12-31'],
    ['2024-07-31', 'YYYY-MM-DD', '2024-07-31'],
    ['31.07.2024', 'DD.MM.YYYY', '2024-07-31'],
    ['20240731', 'YYYYMMDD', '2024-07-31'],
    [' 2024-02-29 ', 'YYYY-MM-DD', '2024-02-29'],
  ])('reads %s as %s', (text, format, expected) => {
    expect(parseDateText(text, format)).toEqual({ date: expected });
  });

  it.each([
    ['2/30/2024', 'M/D/YYYY'],
    ['2023-02-29', 'YYYY-MM-DD'],
    ['31-04-2024', 'DD-MM-YYYY'],
    ['2024-13-01', 'YYYY-MM-DD'],
  ])('rejects impossible date %s', (text, format) => {
    expect(parseDateText(text, format)).toEqual({ error: 'calendar' });
  });

  it.each([
    ['2024-07-31', 'M/D/YYYY'],
    ['7/31/24', 'M/D/YYYY'],
    ['1-2-2024', 'DD-MM-YYYY'],
    ['2024/07/31', 'YYYY-MM-DD'],
    ['', 'YYYY-MM-DD'],
  ])('rejects %s in format %s', (text, format) => {
    expect(parseDateText(text, format)).toEqual({ error: 'format' });
  });
});

describe('isDateFormat', () => {
  it('accepts formats with year, month and day', () => {
    expect(isDateFormat('M/D/YYYY')).toBe(true);
    expect(isDateFormat('DD.MM.YYYY')).toBe(true);
  });

  it('rejects formats missing or repeating a part', () => {
    expect(isDateFormat('MM/YYYY')).toBe(false);
    expect(isDateFormat('DD-DD-YYYY')).toBe(false);
    expect(isDateFormat('dd-mm-yyyy')).toBe(false);
  });
});
