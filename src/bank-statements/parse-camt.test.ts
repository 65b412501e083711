import { describe, expect, it } from 'vitest';
import { parseStatementFile } from './parse-statement-file.ts';
import {
  allTransactions,
  expectStatementFileError,
  parseText,
  readFixture,
} from './testing/fixtures.ts';

const ownFile = () => parseStatementFile(readFixture('camt053-own.xml'), 'camt053-own.xml');

/** Builds a camt.053.001.02 document with one statement whose only entry is `entry`. */
function camtWithEntry(
  entry: string,
  namespace = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02',
): string {
  return `<?xml version="1.0"?>
<Document xmlns="${namespace}"><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></Acct>${entry}</Stmt>
</BkToCstmrStmt></Document>`;
}

describe('camt parser on own fixture', () => {
  it('reads format, statements and balances', () => {
    const file = ownFile();

    expect(file.format).toBe('camt.053');
    expect(file.formatVersion).toBe('001.02');
    expect(file.kind).toBe('statement');
    expect(file.statements).toHaveLength(2);
    const [first] = file.statements;
    expect(first?.identification).toBe('STMT-2026-03-01');
    expect(first?.sequenceNumber).toBe('60');
    expect(first?.account).toEqual({
      identification: 'NL91ABNA0417164300',
      iban: 'NL91ABNA0417164300',
      currency: 'EUR',
      bic: 'ABNANL2A',
    });
    expect(first?.openingBalance).toEqual({ minor: 100000, currency: 'EUR', date: '2026-03-01' });
    expect(first?.closingBalance).toEqual({ minor: 137750, currency: 'EUR', date: '2026-03-01' });
    expect(first?.warnings).toEqual([]);
  });

  it('splits a batch entry into one transaction per detail', () => {
    const batch = ownFile().statements[0]?.transactions.slice(0, 3) ?? [];

    expect(batch.map((transaction) => transaction.amount.minor)).toEqual([10000, 15000, 5000]);
    expect(batch.map((transaction) => transaction.batch)).toEqual([
      { entryReference: 'BATCH-1', numberOfTransactions: 3, position: 0 },
      { entryReference: 'BATCH-1', numberOfTransactions: 3, position: 1 },
      { entryReference: 'BATCH-1', numberOfTransactions: 3, position: 2 },
    ]);
    expect(batch[0]?.counterparty).toEqual({
      name: 'Alpha BV',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
    });
    expect(batch[0]?.endToEndId).toBe('E2E-A');
    expect(batch[0]?.transactionCode).toBe('PMNT/RCDT/ESCT');
    expect(batch[1]?.endToEndId).toBeUndefined();
    expect(batch[2]?.remittanceText).toBe('Invoice 2026-0007 and 2026-0008');
  });

  it('keeps structured references and warns on failed checks', () => {
    const [alpha, beta] = ownFile().statements[0]?.transactions ?? [];

    expect(alpha?.structuredReferences).toEqual([
      { issuer: 'CUR', type: 'SCOR', reference: '5000056789012345' },
    ]);
    expect(alpha?.warnings).toEqual([]);
    expect(beta?.structuredReferences).toEqual([
      { issuer: 'ISO', type: 'SCOR', reference: 'RF19539007547034' },
    ]);
    expect(beta?.counterparty.iban).toBe('NL91ABNA0417164301');
    expect(beta?.warnings).toHaveLength(2);
    expect(beta?.warnings[0]).toContain('IBAN NL91ABNA0417164301 fails the IBAN check');
    expect(beta?.warnings[1]).toContain('RF19539007547034 fails its ISO 11649 check');
  });

  it('reads a reversal with return reason and date-time', () => {
    const reversal = ownFile().statements[0]?.transactions[3];

    expect(reversal?.amount).toEqual({ minor: -2500, currency: 'EUR' });
    expect(reversal?.reversal).toBe(true);
    expect(reversal?.returnReasonCode).toBe('MD06');
    expect(reversal?.mandateReference).toBe('MANDATE-9');
    expect(reversal?.bookingDate).toBe('2026-03-01');
    expect(reversal?.valueDate).toBe('2026-03-02');
    // A reversed debit entry undoes an incoming payment: the counterparty is its debtor.
    expect(reversal?.counterparty.name).toBe('Gamma NV');
  });

  it('accepts extra zero decimals and books the booked amount', () => {
    const [, , , , decimals, foreign] = ownFile().statements[0]?.transactions ?? [];

    expect(decimals?.amount).toEqual({ minor: 1250, currency: 'EUR' });
    expect(decimals?.remittanceText).toBe('Interest');
    expect(decimals?.batch).toBeUndefined();
    expect(foreign?.amount).toEqual({ minor: 9000, currency: 'EUR' });
    expect(foreign?.instructedAmount).toEqual({ minor: 10000, currency: 'USD' });
    expect(foreign?.counterparty.name).toBe('Delta Inc');
  });

  it('reads a pending zero entry without booking date', () => {
    const second = ownFile().statements[1];
    const pending = second?.transactions[0];

    expect(second?.closingBalance).toBeUndefined();
    expect(pending?.status).toBe('pending');
    expect(pending?.bookingDate).toBeUndefined();
    expect(pending?.valueDate).toBe('2026-03-03');
    expect(pending?.amount).toEqual({ minor: 0, currency: 'EUR' });
    expect(Object.is(pending?.amount.minor, -0)).toBe(false);
  });

  it('gives every transaction a distinct key', () => {
    const keys = allTransactions(ownFile()).map((transaction) => transaction.key);

    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => /^bt2-[0-9a-f]{32}$/.test(key))).toBe(true);
  });
});

describe('camt parser rejects', () => {
  it('non-zero decimals beyond the currency', () => {
    const entry =
      '<Ntry><Amt Ccy="EUR">18.155</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-03-01</Dt></BookgDt></Ntry>';
    const error = expectStatementFileError(() => parseText(camtWithEntry(entry), 'five.xml'));

    expect(error.message).toBe(
      'five.xml, Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt, Amt amount 18.155 has 3 decimals, but EUR has 2; ask the bank for a corrected export.',
    );
    expect(error.elementPath).toBe('Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt');
    expect(error.code).toBe('import_rejected');
  });

  it('an impossible booking date', () => {
    const entry =
      '<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2026-02-30</Dt></BookgDt></Ntry>';
    const error = expectStatementFileError(() => parseText(camtWithEntry(entry), 'date.xml'));

    expect(error.message).toContain('BookgDt 2026-02-30 is not a date (30 February)');
  });

  it('a missing credit/debit indicator', () => {
    const entry = '<Ntry><Amt Ccy="EUR">1.00</Amt></Ntry>';
    const error = expectStatementFileError(() => parseText(camtWithEntry(entry), 'sign.xml'));

    expect(error.message).toContain('Ntry[1], CdtDbtInd is missing');
  });

  it('an unknown namespace', () => {
    const text = camtWithEntry('', 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.99');
    const error = expectStatementFileError(() => parseText(text, 'v99.xml'));

    expect(error.message).toContain(
      '"urn:iso:std:iso:20022:tech:xsd:camt.053.001.99" of element Document is not a supported camt namespace',
    );
    expect(error.field).toBe('namespace');
  });

  it('a payment initiation instead of a statement', () => {
    const text =
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>';
    const error = expectStatementFileError(() => parseText(text, 'pain.xml'));

    expect(error.message).toContain('is not a supported camt namespace');
  });

  it('a message element of another camt message', () => {
    const text =
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrAcctRpt/></Document>';
    const error = expectStatementFileError(() => parseText(text, 'mixed.xml'));

    expect(error.message).toContain(
      'BkToCstmrAcctRpt is not the camt.053 message element BkToCstmrStmt',
    );
  });

  it('XML that is not well-formed', () => {
    const error = expectStatementFileError(() =>
      parseText(camtWithEntry('<Ntry><Amt Ccy=EUR>1.00</Amt></Ntry>'), 'broken.xml'),
    );

    expect(error.field).toBe('XML');
    expect(error.line).toBe(3);
    expect(error.message).toContain('is not well-formed');
  });
});

describe('camt parser streaming', () => {
  it('parses a 3 MB statement of 6500 entries', () => {
    const entry = (index: number) =>
      `<Ntry><NtryRef>${index}</NtryRef><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>` +
      `<BookgDt><Dt>2026-03-01</Dt></BookgDt><AcctSvcrRef>R${index}</AcctSvcrRef><NtryDtls><TxDtls>` +
      `<RmtInf><Ustrd>${'Payment of invoice '.repeat(12)}${index}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
    const entries = Array.from({ length: 6500 }, (_, index) => entry(index)).join('\n');
    const text = camtWithEntry(entries);
    const started = performance.now();

    const file = parseText(text, 'large.xml');

    expect(text.length).toBeGreaterThan(3_000_000);
    expect(allTransactions(file)).toHaveLength(6500);
    expect(allTransactions(file)[6499]?.remittanceText).toMatch(/ 6499$/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
