import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from './parse-statement-file.ts';
import {
  allTransactions,
  expectStatementFileError,
  parseText,
  readFixture,
} from './testing/fixtures.ts';

const ingFile = () => parseStatementFile(readFixture('ing-structured.940'), 'ing-structured.940');

/** Builds a minimal MT940 statement around the given :61:/:86: lines. */
function mt940(lines: string, opening = ':60F:C260228EUR100,00'): string {
  return [':20:TEST', ':25:NL91ABNA0417164300', ':28C:1/1', opening, lines, '-'].join('\n');
}

describe('MT940 parser on own ING fixture', () => {
  it('reads the statement inside the SWIFT envelope', () => {
    const file = ingFile();
    const statement = file.statements[0];

    expect(file.format).toBe('mt940');
    expect(file.kind).toBe('statement');
    expect(file.statements).toHaveLength(1);
    expect(statement?.identification).toBe('P260301000000001');
    expect(statement?.sequenceNumber).toBe('00060');
    expect(statement?.account).toEqual({
      identification: 'NL91ABNA0417164300',
      iban: 'NL91ABNA0417164300',
      currency: 'EUR',
    });
    expect(statement?.openingBalance).toEqual({
      minor: 100000,
      currency: 'EUR',
      date: '2026-02-28',
    });
    expect(statement?.closingBalance).toEqual({
      minor: 114000,
      currency: 'EUR',
      date: '2026-03-01',
    });
    expect(statement?.warnings).toEqual([]);
    expect(statement?.transactions).toHaveLength(4);
  });

  it('splits ING sub-fields joined over wrapped lines', () => {
    const [payment, returned] = ingFile().statements[0]?.transactions ?? [];

    expect(payment?.amount).toEqual({ minor: 12500, currency: 'EUR' });
    expect(payment?.bankReference).toBe('00000000001001');
    expect(payment?.endToEndId).toBe('INV-2026-0042');
    expect(payment?.counterparty).toEqual({
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      name: 'Alpha BV',
    });
    expect(payment?.structuredReferences).toEqual([
      { issuer: 'CUR', type: 'SCOR', reference: '5000056789012345' },
    ]);
    expect(payment?.warnings).toEqual([]);
    expect(returned?.amount.minor).toBe(-4000);
    expect(returned?.returnReasonCode).toBe('AM04');
    expect(returned?.mandateReference).toBe('MND-7');
    expect(returned?.creditorIdentifier).toBe('NL22ZZZ524885430000');
    expect(returned?.counterparty.name).toBe('Beta GmbH');
    expect(returned?.remittanceText).toBe('Factuur 7 en 8');
    expect(returned?.warnings).toEqual([
      'counterparty IBAN NL91ABNA0417164301 fails the IBAN check (ISO 13616); check the account before paying anything back to it',
    ]);
  });

  it('reads a batch and a reversal of a credit', () => {
    const [, , batch, reversal] = ingFile().statements[0]?.transactions ?? [];

    expect(batch?.batch).toEqual({ entryReference: 'PI-55', numberOfTransactions: 2, position: 0 });
    expect(reversal?.reversal).toBe(true);
    expect(reversal?.amount.minor).toBe(-500);
    expect(reversal?.bankReference).toBe('00000000001004');
    expect(reversal?.structuredReferences).toEqual([
      { issuer: 'ISO', type: 'SCOR', reference: 'RF18539007547034' },
    ]);
    expect(reversal?.warnings).toEqual([]);
  });
});

describe('MT940 statement line', () => {
  it('infers the entry date year across new year', () => {
    const file = parseText(mt940(':61:2512310102C1,00NTRFNONREF'));
    const [transaction] = allTransactions(file);

    expect(transaction?.valueDate).toBe('2025-12-31');
    expect(transaction?.bookingDate).toBe('2026-01-02');
    expect(transaction?.customerReference).toBeUndefined();
  });

  it('reads funds code, RD mark and zero amount', () => {
    const file = parseText(mt940(':61:260301RDR2,5NTRFNONREF\n:61:260301C0,NMSCNONREF'));
    const [reversedDebit, zero] = allTransactions(file);

    expect(reversedDebit?.amount.minor).toBe(250);
    expect(reversedDebit?.reversal).toBe(true);
    expect(zero?.amount.minor).toBe(0);
  });

  it('reads German ?-sub-fields with SEPA keywords', () => {
    const file = parseText(
      mt940(
        ':61:260301C10,00NTRFNONREF\n:86:166?00GUTSCHRIFT?20EREF+E2E-1 SVWZ+Rechnung 4?21711?30DEUTDEFF?31DE89370400440532013000?32Muster GmbH',
      ),
    );
    const [transaction] = allTransactions(file);

    expect(transaction?.endToEndId).toBe('E2E-1');
    expect(transaction?.remittanceText).toBe('Rechnung 4 711');
    expect(transaction?.counterparty).toEqual({
      name: 'Muster GmbH',
      iban: 'DE89370400440532013000',
      bic: 'DEUTDEFF',
    });
  });

  it('reads Rabobank codes and counter IBAN line', () => {
    const file = parseText(
      mt940(
        ':61:260301C5,00N541NONREF\nNL91ABNA0417164300\n:86:/ORDP//NAME/Epsilon/ADDR/Utrecht/REMI/Factuur 12/ISDT/2026-03-01',
      ),
    );
    const [transaction] = allTransactions(file);

    expect(transaction?.counterparty).toEqual({ iban: 'NL91ABNA0417164300', name: 'Epsilon' });
    expect(transaction?.remittanceText).toBe('Factuur 12');
  });

  it('reads ABN AMRO SEPA codes', () => {
    const file = parseText(
      mt940(
        ':61:260301C7,00N658NONREF\n:86:/TRTP/SEPA OVERBOEKING/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/NAME/Zeta/REMI/Factuur 99/EREF/E-99',
      ),
    );
    const [transaction] = allTransactions(file);

    expect(transaction?.transactionCode).toBe('N658');
    expect(transaction?.counterparty).toEqual({
      name: 'Zeta',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
    });
    expect(transaction?.remittanceText).toBe('Factuur 99');
    expect(transaction?.endToEndId).toBe('E-99');
  });

  it('decodes ISO-8859-1 bytes', () => {
    const text = mt940(':61:260301C1,00NTRFNONREF\n:86:Zahlung für Müller');
    const file = parseStatementFile(iconv.encode(text, 'latin1'), 'latin1.sta');

    expect(file.encoding).toBe('windows-1252');
    expect(allTransactions(file)[0]?.remittanceText).toBe('Zahlung für Müller');
  });
});

describe('MT940 parser rejects', () => {
  it('an impossible value date with line number', () => {
    const error = expectStatementFileError(() =>
      parseText(mt940(':61:260230C1,00NTRFNONREF'), 'feb.sta'),
    );

    expect(error.message).toBe(
      'feb.sta, line 5, :61: value date 260230 is not a date (30 February); ask the bank for a corrected export.',
    );
    expect(error.line).toBe(5);
  });

  it('a statement line without amount', () => {
    const error = expectStatementFileError(() => parseText(mt940(':61:260301CNTRF')));

    expect(error.message).toContain('line 5, :61: "260301CNTRF" does not have the layout');
  });

  it('non-zero decimals beyond the currency', () => {
    const error = expectStatementFileError(() => parseText(mt940(':61:260301C1,005NTRFNONREF')));

    expect(error.message).toContain(':61: amount 1,005 has 3 decimals, but EUR has 2');
  });

  it('an unknown header tag', () => {
    const error = expectStatementFileError(() => parseText(`:9401:\n${mt940('')}`, 'wrong.940'));

    expect(error.message).toBe(
      'wrong.940, line 1, tag :9401: is not an MT940 tag or a known bank header line; check that the file is an MT940 or camt.053 export; if it is, ask the bank for a corrected export.',
    );
  });

  it('a statement without opening balance', () => {
    const error = expectStatementFileError(() => parseText(mt940('', ':28:2')));

    expect(error.message).toContain(
      'line 1, :20: starts a statement without the opening balance :60F:',
    );
  });
});
