import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from './parse-statement-file.ts';
import { allTransactions, parseText, readFixture } from './testing/fixtures.ts';

const statement = (lines: string) =>
  [':20:KEYS', ':25:NL91ABNA0417164300EUR', ':28C:1', ':60F:C260228EUR0,00', lines, '-'].join('\n');

describe('format detection', () => {
  it('reads MT940 content whatever the file name', () => {
    const file = parseStatementFile(readFixture('ing-structured.940'), 'export.xml');

    expect(file.format).toBe('mt940');
  });

  it('reads camt content whatever the file name', () => {
    const file = parseStatementFile(readFixture('camt053-own.xml'), 'export.sta');

    expect(file.format).toBe('camt.053');
  });

  it('reads camt with byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFixture('camt053-own.xml')]);

    expect(parseStatementFile(bytes, 'bom.xml').statements).toHaveLength(2);
  });

  it('decodes camt in its declared encoding', () => {
    const xml = readFixture('camt053-own.xml')
      .toString('utf8')
      .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
      .replace('Alpha BV', 'Société Générale');
    const file = parseStatementFile(iconv.encode(xml, 'latin1'), 'latin1.xml');

    expect(file.encoding).toBe('iso-8859-1');
    expect(allTransactions(file)[0]?.counterparty.name).toBe('Société Générale');
  });
});

describe('transaction key', () => {
  it('is the same on a second import', () => {
    const first = allTransactions(parseStatementFile(readFixture('camt053-own.xml'), 'a.xml'));
    const second = allTransactions(parseStatementFile(readFixture('camt053-own.xml'), 'b.xml'));

    expect(second.map((transaction) => transaction.key)).toEqual(
      first.map((transaction) => transaction.key),
    );
  });

  it('keeps keys when a later export adds transactions', () => {
    const line = ':61:260301C5,00NTRFNONREF//BANK-1\n:61:260301C5,00NTRFNONREF';
    const early = allTransactions(parseText(statement(line)));
    const later = allTransactions(parseText(statement(`${line}\n:61:260302D1,00NTRFNONREF`)));

    expect(later.slice(0, 2).map((transaction) => transaction.key)).toEqual(
      early.map((transaction) => transaction.key),
    );
  });

  it('tells identical payments without reference apart', () => {
    const line = ':61:260301C5,00NTRFNONREF\n:61:260301C5,00NTRFNONREF';
    const [first, second] = allTransactions(parseText(statement(line)));

    expect(first?.key).not.toBe(second?.key);
  });

  it('differs per account', () => {
    const line = ':61:260301C5,00NTRFNONREF//BANK-1';
    const [own] = allTransactions(parseText(statement(line)));
    const [other] = allTransactions(
      parseText(statement(line).replace('NL91ABNA0417164300EUR', 'NL86INGB0002445588EUR')),
    );

    expect(own?.key).not.toBe(other?.key);
  });
});
