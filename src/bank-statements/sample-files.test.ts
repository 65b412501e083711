import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStatementFile } from './parse-statement-file.ts';
import type { BankTransaction, ParsedStatementFile } from './statement-model.ts';
import { allTransactions, expectStatementFileError } from './testing/fixtures.ts';

/**
 * Public bank statement samples (camt and MT940 from open-source parsers'
 * test folders), kept outside the repository in ../shared/data. Each test
 * checks facts about one file: counts, amounts, references, and for broken
 * files the message a credit manager gets.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDirectory = path.resolve(repositoryRoot, '../shared/data');
const hasData =
  fs.existsSync(path.join(dataDirectory, 'camt')) &&
  fs.existsSync(path.join(dataDirectory, 'mt940'));

if (!hasData) {
  console.warn(
    `Skipping the bank statement sample tests: ${dataDirectory}/camt and /mt940 are absent.`,
  );
}

function parseSample(relativePath: string): ParsedStatementFile {
  const bytes = fs.readFileSync(path.join(dataDirectory, relativePath));

  return parseStatementFile(bytes, path.basename(relativePath));
}

function rejectSample(relativePath: string): string {
  return expectStatementFileError(() => parseSample(relativePath)).message;
}

function transactionsOf(relativePath: string): BankTransaction[] {
  return allTransactions(parseSample(relativePath));
}

function allWarnings(file: ParsedStatementFile): string[] {
  return file.statements.flatMap((statement) => [
    ...statement.warnings,
    ...statement.transactions.flatMap((transaction) => transaction.warnings),
  ]);
}

const OCA = 'mt940/OCA-bank-statement-import/10.0';
const JEJIK = 'mt940/WoLpH-mt940/jejik';
const SELF = 'mt940/WoLpH-mt940/self-provided';
const BARZAHLEN = 'camt/Barzahlen-camt_parser';
const GENKGO = 'camt/genkgo-camt';

describe.skipIf(!hasData)('MT940 samples', () => {
  it('ING structured: references, returns, batch', () => {
    const file = parseSample(`${OCA}/test-ing.940`);
    const transactions = allTransactions(file);

    expect(file.format).toBe('mt940');
    expect(file.statements).toHaveLength(1);
    expect(transactions).toHaveLength(8);
    expect(file.statements[0]?.closingBalance).toEqual({
      minor: 56435,
      currency: 'EUR',
      date: '2014-02-20',
    });
    expect(file.statements[0]?.warnings).toEqual([
      'account IBAN NL77INGB0574908765 fails the IBAN check (ISO 13616); check that the file is from your bank',
    ]);
    expect(transactions[6]?.structuredReferences).toEqual([
      { issuer: 'CUR', type: 'SCOR', reference: '9001123412341234' },
    ]);
    expect(transactions[6]?.warnings[0]).toContain(
      'Dutch payment reference 9001123412341234 fails',
    );
    expect(transactions[7]?.structuredReferences[0]?.reference).toBe('1070123412341234');
    expect(
      transactions.filter((transaction) => transaction.returnReasonCode === 'MS03'),
    ).toHaveLength(2);
    expect(transactions[4]?.batch).toEqual({
      entryReference: 'M000000001111111',
      numberOfTransactions: 1,
      position: 0,
    });
    expect(transactions[3]?.mandateReference).toBe('MND-EV01');
    expect(transactions[3]?.creditorIdentifier).toBe('NL32ZZZ999999991234');
    expect(transactions[0]?.counterparty).toEqual({
      name: 'ING BANK NV INZAKE WEB',
      iban: 'NL32INGB0000012345',
      bic: 'INGBNL2A',
    });
  });

  it('ING old header: entry date in next month', () => {
    const transactions = transactionsOf(`${OCA}/test-ing-old.940`);

    expect(transactions).toHaveLength(8);
    expect(transactions[0]?.valueDate).toBe('2014-01-20');
    expect(transactions[0]?.bookingDate).toBe('2014-02-20');
  });

  it('Rabobank SEPA: ordering party and empty days', () => {
    const file = parseSample(`${OCA}/test-rabo.swi`);
    const [payment] = allTransactions(file);

    expect(file.statements).toHaveLength(4);
    expect(allTransactions(file)).toHaveLength(2);
    expect(payment?.counterparty).toEqual({ iban: 'NL66RABO0160878799', name: 'R. SMITH' });
    expect(payment?.remittanceText).toBe('Test money paid by other partner:');
    expect(file.statements[1]?.transactions).toEqual([]);
  });

  it('SNS SEPA: counterparty from statement line', () => {
    const file = parseSample(`${OCA}/test-sns.940`);
    const transactions = allTransactions(file);

    expect(file.statements).toHaveLength(3);
    expect(transactions).toHaveLength(8);
    expect(transactions[2]?.counterparty).toEqual({
      iban: 'NL94INGB0000869000',
      name: 'vitens nv',
    });
    expect(transactions[2]?.remittanceText).toContain('Incassant ID: NL84ZZZ050695810000');
  });

  it('wrong header is rejected', () => {
    expect(rejectSample(`${OCA}/test-wrong-file.940`)).toBe(
      'test-wrong-file.940, line 1, tag :9401: is not an MT940 tag or a known bank header line; check that the file is an MT940 or camt.053 export; if it is, ask the bank for a corrected export.',
    );
  });

  it('ASN envelopes: one statement per day', () => {
    const file = parseSample('mt940/WoLpH-mt940/ASNB/0708271685_09022020_164516.940.txt');

    expect(file.statements).toHaveLength(31);
    expect(allTransactions(file)).toHaveLength(8);
    expect(
      file.statements.filter((statement) => statement.transactions.length === 0).length,
    ).toBeGreaterThan(20);
    expect(allWarnings(file).some((warning) => warning.includes('NL47INGB9999999999 fails'))).toBe(
      true,
    );
  });

  it('German SEPA: 97 entries that add up', () => {
    const file = parseSample('mt940/WoLpH-mt940/betterplace/sepa_mt9401.sta');
    const transactions = allTransactions(file);
    const reversals = transactions.filter((transaction) => transaction.reversal);

    expect(transactions).toHaveLength(97);
    expect(file.statements.flatMap((statement) => statement.warnings)).toEqual([]);
    expect(reversals.length).toBeGreaterThan(0);
    expect(reversals.every((transaction) => transaction.amount.minor < 0)).toBe(true);
    expect(transactions[0]?.endToEndId).toBe('TFNR 40005 00005');
  });

  it('cmxl: DEM currency', () => {
    const file = parseSample('mt940/WoLpH-mt940/cmxl/mt940.sta');

    expect(file.statements).toHaveLength(3);
    expect(file.statements[0]?.openingBalance?.currency).toBe('DEM');
    expect(file.statements[0]?.transactions[0]?.amount).toEqual({
      minor: -680000,
      currency: 'DEM',
    });
  });

  it('ABN AMRO legacy: payment reference in free text', () => {
    const file = parseSample(`${JEJIK}/abnamro.sta`);
    const [first] = allTransactions(file);

    expect(file.statements).toHaveLength(2);
    expect(allTransactions(file)).toHaveLength(10);
    expect(file.statements[0]?.account).toEqual({ identification: '517852257' });
    expect(first?.structuredReferences).toEqual([{ issuer: 'CUR', reference: '000000042188659' }]);
    expect(first?.warnings[0]).toContain('000000042188659 fails its length or check digit test');
  });

  it('ING legacy: header lines and trailing summary', () => {
    const file = parseSample(`${JEJIK}/ing.sta`);

    expect(file.statements).toHaveLength(1);
    expect(allTransactions(file)).toHaveLength(7);
    expect(allTransactions(file)[6]?.remittanceText).toBe(
      '0111111111 Hr S Marechal ROSMALEN Hr S Marechal ROSMALEN Betaling transactiedatum: 22-07-2010',
    );
  });

  it('Rabobank legacy: Terugboeking is a reversal', () => {
    const file = parseSample(`${JEJIK}/rabobank.sta`);
    const [reversal] = allTransactions(file);

    expect(file.statements).toHaveLength(4);
    expect(file.statements[0]?.account).toEqual({ identification: '1291.99.348', currency: 'EUR' });
    expect(reversal?.reversal).toBe(true);
    expect(reversal?.amount.minor).toBe(-121328);
    expect(reversal?.counterparty.name).toBe('W.P. Jansen');
    expect(reversal?.remittanceText).toMatch(/^Terugboeking NIET AKKOORD MET AFSCHRIJVING/);
  });

  it('Rabobank IBAN: synthetic IBANs kept with warnings', () => {
    const file = parseSample(`${JEJIK}/rabobank-iban.sta`);
    const [first] = allTransactions(file);

    expect(file.statements).toHaveLength(2);
    expect(file.statements[0]?.identification).toBe(file.statements[1]?.identification);
    expect(first?.counterparty).toEqual({
      iban: 'NL70ABNA0987654321',
      name: 'CONTRA ACCOUNT HOLDER',
    });
    expect(first?.warnings[0]).toContain('NL70ABNA0987654321 fails the IBAN check');
    expect(first?.endToEndId).toBe('01-01-2013 12:00 0030000987654321');
  });

  it('Knab: two invoice numbers in one payment', () => {
    const file = parseSample(`${JEJIK}/knab.sta`);
    const invoicePayment = file.statements[1]?.transactions[0];

    expect(file.statements[0]?.openingBalance?.minor).toBe(0);
    expect(invoicePayment?.remittanceText).toContain('FACTUUR 201403110, 201403113');
    expect(invoicePayment?.bankReference).toBe('B4G29PGCVO7Q06US');
    expect(invoicePayment?.counterparty).toEqual({ iban: 'NL65INGB0123456789', name: 'PICQER' });
  });

  it('SNS: statement without transactions', () => {
    const file = parseSample(`${JEJIK}/sns.sta`);

    expect(file.statements).toHaveLength(2);
    expect(file.statements[1]?.transactions).toEqual([]);
    expect(file.statements[0]?.transactions[0]?.remittanceText).toBe(
      '0987654321 marechal s dit is een test',
    );
  });

  it('Triodos: sub-fields joined', () => {
    const file = parseSample(`${JEJIK}/triodos.sta`);

    expect(file.statements[0]?.account.identification).toBe('TRIODOSBANK/0390123456');
    expect(allTransactions(file)[0]?.remittanceText).toBe(
      'ALGEMENE TUSSENREKENING KOSTEN VAN 01-10-2010 TOT EN MET 31-12-2010',
    );
  });

  it('generic and PostFinance', () => {
    const generic = parseSample(`${JEJIK}/generic.sta`);
    const postfinance = parseSample(`${JEJIK}/postfinance.sta`);

    expect(generic.statements).toHaveLength(2);
    expect(allTransactions(generic)[0]?.remittanceText).toBeUndefined();
    expect(postfinance.statements[0]?.openingBalance?.currency).toBe('CHF');
    expect(allTransactions(postfinance)[0]?.amount).toEqual({ minor: 7970, currency: 'CHF' });
  });

  it('MT942 files are interim reports', () => {
    const mbank = parseSample('mt940/WoLpH-mt940/mBank/mt942.sta');
    const own = parseSample(`${SELF}/mt942.sta`);

    expect(mbank.format).toBe('mt942');
    expect(mbank.kind).toBe('interim-report');
    expect(allTransactions(mbank)).toHaveLength(3);
    expect(allTransactions(mbank)[0]?.amount).toEqual({ minor: 1, currency: 'PLN' });
    expect(own.format).toBe('mt942');
    expect(own.kind).toBe('interim-report');
    expect(allTransactions(own)[0]?.amount).toEqual({ minor: -42, currency: 'EUR' });
  });

  it('GV codes: SEPA keywords', () => {
    const [debit] = transactionsOf(`${SELF}/gv_codes.sta`);

    expect(debit?.endToEndId).toBe('1234567890123 PAYPAL');
    expect(debit?.mandateReference).toBe('12AB234CD6E7F');
    expect(debit?.creditorIdentifier).toBe('AB12CDE0000000000000000034');
    expect(debit?.remittanceText).toMatch(/SPOTIFY/);
  });

  it('Raiffeisen: HUF in code page 852', () => {
    const file = parseSample(`${SELF}/raiffeisen-cmi.sta`);

    expect(file.encoding).toBe('cp852');
    expect(file.statements[0]?.account).toEqual({
      identification: 'UBRTHUHB/123456789150ABCDEF002',
      currency: 'HUF',
    });
    expect(allTransactions(file)).toHaveLength(7);
    expect(allTransactions(file)[0]?.amount).toEqual({ minor: 206663700, currency: 'HUF' });
    expect(allTransactions(file)[0]?.remittanceText).toContain('összevont utánvét');
  });

  it('broken files are rejected', () => {
    expect(rejectSample(`${SELF}/february_30.sta`)).toBe(
      'february_30.sta, line 6, :61: value date 160230 is not a date (30 February); ask the bank for a corrected export.',
    );
    expect(rejectSample(`${SELF}/sparkassen.sta`)).toBe(
      'sparkassen.sta, line 3, tag is split over two lines (":" and "86:166?00GUT"); ask the bank for a corrected export.',
    );
    expect(rejectSample(`${SELF}/invalid_statement.sta`)).toBe(
      'invalid_statement.sta, line 1, content ("1") is neither camt XML nor an MT940 or MT942 statement; export the statement from online banking as camt.053 or MT940 and import that file.',
    );
  });
});

describe.skipIf(!hasData)('camt samples', () => {
  it('Rabobank camt.053: 132 statements and a valid CUR reference', () => {
    const file = parseSample('camt/mpdroog-invoiced/CAMT053.xml');
    const transactions = allTransactions(file);
    const tax = transactions.find(
      (transaction) => transaction.counterparty.name === 'Belastingdienst Apeldoorn',
    );

    expect(file.format).toBe('camt.053');
    expect(file.formatVersion).toBe('001.02');
    expect(file.statements).toHaveLength(132);
    expect(transactions).toHaveLength(9);
    expect(allWarnings(file)).toEqual([]);
    expect(tax?.structuredReferences).toEqual([
      { issuer: 'CUR', type: 'SCOR', reference: '1067931951601240' },
    ]);
    expect(transactions.some((transaction) => transaction.remittanceText === '2016Q3-0004')).toBe(
      true,
    );
  });

  it('ING batch: one entry of three payments', () => {
    const file = parseSample(`${BARZAHLEN}/053/valid_example_with_batch.xml`);
    const [batch, refund] = allTransactions(file);

    expect(allTransactions(file)).toHaveLength(3);
    // NOTE: the file lists no TxDtls for the batch, so its three payments cannot be split.
    expect(batch?.batch).toEqual({
      entryReference: '032222222222222221000000001',
      numberOfTransactions: 3,
      position: 0,
    });
    expect(batch?.amount).toEqual({ minor: -475374, currency: 'EUR' });
    expect(refund?.warnings[0]).toContain('NL86INGB00066666666 fails the IBAN check');
  });

  it('German and Swiss batches split per detail', () => {
    const german = parseSample(`${BARZAHLEN}/053/valid_example.xml`);
    const swiss = parseSample(`${BARZAHLEN}/053/valid_example_v4.xml`);
    const notification = parseSample(`${BARZAHLEN}/054/valid_example.xml`);

    expect(allTransactions(german)).toHaveLength(5);
    expect(swiss.formatVersion).toBe('001.04');
    expect(allTransactions(swiss)).toHaveLength(32);
    expect(
      allTransactions(swiss).filter((transaction) => transaction.batch).length,
    ).toBeGreaterThan(13);
    expect(notification.format).toBe('camt.054');
    expect(notification.kind).toBe('notification');
    expect(allTransactions(notification)).toHaveLength(5);
  });

  it('instructed amount: the booked amount counts', () => {
    const [transaction] = transactionsOf(`${BARZAHLEN}/053/valid_example_with_instdamt.xml`);

    expect(transaction?.amount).toEqual({ minor: 450000, currency: 'CHF' });
    expect(transaction?.warnings[0]).toContain(
      'the entry amount of 4500.00 CHF is what the bank booked',
    );
  });

  it('camt.052 reports are interim', () => {
    const report = parseSample(`${BARZAHLEN}/052/valid_example.xml`);
    const withDates = parseSample(`${BARZAHLEN}/052/valid_example_with_dates.xml`);

    expect(report.format).toBe('camt.052');
    expect(report.kind).toBe('interim-report');
    expect(allTransactions(report)).toHaveLength(2);
    expect(allTransactions(withDates)).toHaveLength(1);
  });

  it('empty documents and a statement without Stmt are rejected', () => {
    expect(rejectSample(`${BARZAHLEN}/general/invalid_namespace.xml`)).toBe(
      'invalid_namespace.xml, Document, BkToCstmrStmt is missing: the camt.053 document contains no message and no statements; ask the bank for a corrected export.',
    );
    // These files hold only the namespace; without a message there is nothing to import.
    expect(rejectSample(`${BARZAHLEN}/053/valid_namespace.xml`)).toContain(
      'BkToCstmrStmt is missing',
    );
    expect(rejectSample(`${BARZAHLEN}/052/valid_namespace.xml`)).toContain(
      'BkToCstmrAcctRpt is missing',
    );
    expect(rejectSample(`${GENKGO}/camt053.v2.wrong.xml`)).toBe(
      'camt053.v2.wrong.xml, Document/BkToCstmrStmt, Stmt is missing: the message has a group header but no statement; ask the bank for a corrected export.',
    );
  });

  it.each([
    ['camt052.v1.xml', 'camt.052', '001.01'],
    ['camt052.v2.xml', 'camt.052', '001.02'],
    ['camt052.v4.xml', 'camt.052', '001.04'],
    ['camt052.v6.xml', 'camt.052', '001.06'],
    ['camt052.v8.xml', 'camt.052', '001.08'],
    ['camt053.v2.minimal.xml', 'camt.053', '001.02'],
    ['camt053.v3.xml', 'camt.053', '001.03'],
    ['camt053.v4.xml', 'camt.053', '001.04'],
    ['camt053.v8.xml', 'camt.053', '001.08'],
    ['camt054.v2.xml', 'camt.054', '001.02'],
    ['camt054.v4.xml', 'camt.054', '001.04'],
    ['camt054.v8.xml', 'camt.054', '001.08'],
  ])('version of %s', (name, format, version) => {
    const file = parseSample(`${GENKGO}/${name}`);

    expect(file.format).toBe(format);
    expect(file.formatVersion).toBe(version);
    expect(file.statements).toHaveLength(1);
    expect(allTransactions(file).length).toBeGreaterThan(0);
  });

  it('five decimals, zero amount, DtTm dates', () => {
    const decimals = parseSample(`${GENKGO}/camt053.v2.five.decimals.xml`);
    const zero = parseSample(`${GENKGO}/camt052.v6.Amt-zero.xml`);
    const dateTime = parseSample(`${GENKGO}/camt53.only-Dt-with-DtTm.xml`);

    expect(decimals.statements[0]?.openingBalance?.minor).toBe(1815);
    expect(decimals.statements[0]?.closingBalance?.minor).toBe(2705);
    expect(allTransactions(decimals)[0]?.amount.minor).toBe(885);
    expect(allTransactions(zero)[0]?.instructedAmount).toEqual({ minor: 0, currency: 'USD' });
    expect(dateTime.statements[0]?.openingBalance).toEqual({
      minor: 544209,
      currency: 'RON',
      date: '2025-07-23',
    });
  });

  it('several statements and issuers kept as given', () => {
    const multi = parseSample(`${GENKGO}/camt053.v2.multi.statement.xml`);
    const v3 = parseSample(`${GENKGO}/camt053.v3.xml`);
    const swiss = parseSample(`${GENKGO}/camt054.v8.xml`);

    expect(multi.statements).toHaveLength(2);
    expect(multi.statements[1]?.transactions[0]?.amount.minor).toBe(-700);
    expect(allTransactions(v3)[0]?.structuredReferences).toEqual([
      { issuer: 'BBA', type: 'SCOR', reference: '4654654654654654' },
    ]);
    expect(allTransactions(swiss)[0]?.structuredReferences[0]).toEqual({
      type: 'ISR Reference',
      reference: 'ISR ref number V1',
    });
    expect(allTransactions(swiss)[0]?.batch?.numberOfTransactions).toBe(2);
  });

  it('other genkgo files parse', () => {
    for (const name of [
      'camt052.v2.other-account.xml',
      'camt052.v2.with-account-name.xml',
      'camt053.v2.all-balance-types.xml',
      'camt053.v2.minimal.ultimate.xml',
      'camt053.v2.with-account-name.xml',
      'camt053.v2.with-party-ids.xml',
      'camt054.v2.with-account-name.xml',
      'camt054.v8-with-UETR.xml',
      'camt054.v8-with-financial-institution.xml',
    ]) {
      expect(parseSample(`${GENKGO}/${name}`).statements.length, name).toBe(1);
    }
  });
});
