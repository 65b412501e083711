import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ImportFileError } from './import-problems.ts';
import { mappingPresets } from './mapping-presets.ts';
import { detectDelimiter, readCsv } from './read-csv.ts';

const generic = mappingPresets.generic!;

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3', ','],
    ['a;b;c\n1,5;2;3', ';'],
    ['a\tb\tc', '\t'],
    ['a|b|c', '|'],
    ['"x;y",b,c', ','],
    ['single', ','],
  ])('finds the delimiter of %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});

describe('readCsv', () => {
  it('numbers rows by file line, past blank lines and quoted breaks', () => {
    const text = 'a;b\r\n1;"two\r\nlines"\r\n\r\n3;"q""uote"\r\n';
    const table = readCsv(Buffer.from(text), generic);

    expect(table.headers).toEqual(['a', 'b']);
    expect(table.rows.map((row) => row.line)).toEqual([2, 5]);
    expect(table.rows[0]?.cells).toEqual(['1', 'two\nlines']);
    expect(table.rows[1]?.cells).toEqual(['3', 'q"uote']);
  });

  it('drops a UTF-8 byte-order mark from the first header', () => {
    const content = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('debtor_name,b\nx,y\n'),
    ]);

    expect(readCsv(content, generic).headers[0]).toBe('debtor_name');
  });

  it('reads Windows-1252 when the bytes are not UTF-8', () => {
    const content = iconv.encode('debtor_name\nMüller & Söhne\n', 'windows-1252');

    expect(readCsv(content, generic).rows[0]?.cells).toEqual(['Müller & Söhne']);
  });

  it('reads UTF-8 as UTF-8', () => {
    const table = readCsv(Buffer.from('debtor_name\nMüller & Söhne\n', 'utf8'), generic);

    expect(table.rows[0]?.cells).toEqual(['Müller & Söhne']);
  });

  it('rejects invalid UTF-8 when the mapping says UTF-8', () => {
    const content = iconv.encode('debtor_name\nSöhne\n', 'windows-1252');

    expect(() => readCsv(content, { ...generic, encoding: 'utf-8' })).toThrow(/not valid UTF-8/);
  });

  it('rejects an unclosed quote with its line', () => {
    const content = Buffer.from('a,b\n1,"open\n2,3\n');

    expect(() => readCsv(content, generic)).toThrow(ImportFileError);
    expect(() => readCsv(content, generic)).toThrow(/line/);
  });

  it('rejects an empty file', () => {
    expect(() => readCsv(Buffer.from(''), generic)).toThrow(/empty/);
  });
});
