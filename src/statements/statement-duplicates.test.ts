import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTenant, SETUP_TIMEOUT_MS, type TestTenant } from '../dunning/test-factories.ts';
import { AppError } from '../errors.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { bookStatementFile, countsOf } from './book-statement-file.ts';
import { ENTITY_IBAN } from './testing/statement-fixtures.ts';

const ACTOR = 'test';

/** Builds an MT940 statement with one NONREF line of 10.00 EUR, as two statements of one day can have. */
function mt940Statement(reference: string, text: string): string {
  return [
    `:20:${reference}`,
    `:25:${ENTITY_IBAN}`,
    ':28C:1/1',
    ':60F:C261201EUR0,00',
    ':61:2612011201C10,00NTRFNONREF',
    `:86:${text}`,
    ':62F:C261201EUR10,00',
    '-',
    '',
  ].join('\r\n');
}

/** Builds a camt.053 or camt.054 with one credit entry of 250.00 EUR, booked on 2026-12-01 unless given. */
function camtMessage(options: {
  message: '053' | '054';
  id: string;
  bankReference?: string;
  endToEndId?: string;
  bookingDate?: string;
}): string {
  const root = options.message === '053' ? 'BkToCstmrStmt' : 'BkToCstmrDbtCdtNtfctn';
  const element = options.message === '053' ? 'Stmt' : 'Ntfctn';
  const date = options.bookingDate ?? '2026-12-01';
  const bankReference = options.bankReference
    ? `<AcctSvcrRef>${options.bankReference}</AcctSvcrRef>`
    : '';
  const endToEndId = options.endToEndId ?? 'NOTPROVIDED';

  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.${options.message}.001.02"><${root}>
<GrpHdr><MsgId>${options.id}-MSG</MsgId><CreDtTm>2026-12-01T18:00:00</CreDtTm></GrpHdr>
<${element}><Id>${options.id}</Id><CreDtTm>2026-12-01T18:00:00</CreDtTm>
<Acct><Id><IBAN>${ENTITY_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt>${bankReference}
<NtryDtls><TxDtls><Refs><EndToEndId>${endToEndId}</EndToEndId></Refs>
<RltdPties><Dbtr><Nm>Gamma</Nm></Dbtr><DbtrAcct><Id><IBAN>NL86INGB0002445588</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>gamma</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
</${element}></${root}></Document>
`;
}

/**
 * Duplicate detection across imports, and the warnings and limits of a
 * booked file: the transaction key uses the bank reference, else the
 * end-to-end id, else the statement and the position in it.
 */
describe('statement duplicates and warnings', () => {
  let testDatabase: TestDatabase;
  let database: DatabaseHandle;
  let tenant: TestTenant;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    database = testDatabase.database;
    tenant = await createTenant(database, 'statement-keys', { iban: ENTITY_IBAN });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  const book = (fileName: string, content: string) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      bookStatementFile(
        trx,
        {
          organisationId: tenant.organisationId,
          entityId: tenant.entity.id,
          fileName,
          content: Buffer.from(content, 'utf8'),
          anyAccount: false,
          anyAccountHint: '--any-account',
        },
        ACTOR,
      ),
    );

  const paymentsOf = (statementIds: string[]) =>
    withOrganisation(database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('payments')
        .select(['remittance_text', 'amount_minor', 'warnings'])
        .where('statement_id', 'in', statementIds)
        .execute(),
    );

  const rejection = async (running: Promise<unknown>): Promise<AppError> => {
    const error = await running.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  };

  it('books identical lines of two MT940 statements', async () => {
    const first = await book('m05.sta', mt940Statement('M05', 'first payment'));
    const second = await book('m07.sta', mt940Statement('M07', 'second payment'));

    expect(countsOf(first)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 0,
      unmatched: 1,
      duplicates: 0,
    });
    expect(countsOf(second)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 0,
      unmatched: 1,
      duplicates: 0,
    });
    const payments = await paymentsOf([...first.statementIds, ...second.statementIds]);
    expect(payments.map((payment) => payment.remittance_text).sort()).toEqual([
      'first payment',
      'second payment',
    ]);
  });

  it('counts every line of a file imported again as duplicate', async () => {
    const content = mt940Statement('M09', 'paid twice?');
    const first = await book('m09.sta', content);
    const again = await book('m09-copy.sta', content);

    expect(first.duplicates).toBe(0);
    expect(countsOf(again)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 0,
      unmatched: 0,
      duplicates: 1,
    });
    expect(again.statementIds).toEqual(first.statementIds);
    expect(await paymentsOf(first.statementIds)).toHaveLength(1);
  });

  it('books a camt.054 and camt.053 of one bank reference once', async () => {
    const notification = await book(
      'ntf.xml',
      camtMessage({ message: '054', id: 'NTF-1', bankReference: 'ABN-REF-1' }),
    );
    const statement = await book(
      'stmt.xml',
      camtMessage({ message: '053', id: 'STMT-1', bankReference: 'ABN-REF-1' }),
    );

    expect(notification.unmatched).toBe(1);
    expect(statement.duplicates).toBe(1);
    expect(statement.unmatched).toBe(0);
  });

  it('books a camt.054 and camt.053 of one end-to-end id once', async () => {
    const notification = await book(
      'ntf-e2e.xml',
      camtMessage({ message: '054', id: 'NTF-2', endToEndId: 'E2E-PAIR' }),
    );
    const statement = await book(
      'stmt-e2e.xml',
      camtMessage({ message: '053', id: 'STMT-2', endToEndId: 'E2E-PAIR' }),
    );

    expect(notification.unmatched).toBe(1);
    expect(statement.duplicates).toBe(1);
  });

  it('books two notifications without references', async () => {
    const first = await book('ntf-a.xml', camtMessage({ message: '054', id: 'NTF-A' }));
    const second = await book('ntf-b.xml', camtMessage({ message: '054', id: 'NTF-B' }));
    const again = await book('ntf-b.xml', camtMessage({ message: '054', id: 'NTF-B' }));

    expect(first.duplicates).toBe(0);
    expect(second.duplicates).toBe(0);
    expect(again.duplicates).toBe(1);
  });

  it('returns statement and entry warnings', async () => {
    const content = mt940Statement('M11', 'balance off').replace(
      ':62F:C261201EUR10,00',
      ':62F:C261201EUR999,00',
    );
    const result = await book('m11.sta', content);

    expect(result.warnings).toEqual([
      {
        statementNumber: 1,
        statement: 'M11',
        message: expect.stringContaining('but the closing balance is 999.00 EUR') as string,
      },
    ]);
  });

  it('warns about dates far from the creation date', async () => {
    const early = camtMessage({ message: '053', id: 'OLD-1', bookingDate: '1900-01-01' });
    const late = camtMessage({ message: '053', id: 'LATE-1', bookingDate: '2999-12-31' });
    const near = camtMessage({ message: '053', id: 'NEAR-1', bookingDate: '2027-11-30' });

    const earlyResult = await book('old.xml', early);
    const lateResult = await book('late.xml', late);
    const nearResult = await book('near.xml', near);

    expect(earlyResult.unmatched).toBe(1);
    expect(earlyResult.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining(
        'booking date 1900-01-01 lies more than one year away from 2026-12-01',
      ),
    ]);
    expect(earlyResult.warnings[0]?.entryNumber).toBe(1);
    expect(lateResult.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining(
        'booking date 2999-12-31 lies more than one year away from 2026-12-01',
      ),
    ]);
    expect(nearResult.warnings).toEqual([]);
    const [stored] = await paymentsOf(earlyResult.statementIds);
    expect(stored?.warnings).toEqual([earlyResult.warnings[0]?.message]);
  });

  it('rejects an amount above the maximum', async () => {
    const camt = camtMessage({ message: '053', id: 'HUGE-1' }).replace(
      '<Amt Ccy="EUR">250.00</Amt>',
      '<Amt Ccy="EUR">999999999999999.99</Amt>',
    );
    const mt940 = mt940Statement('M02', 'huge').replace('C10,00NTRF', 'C99999999999999,99NTRF');

    const camtError = await rejection(book('huge.xml', camt));
    const mt940Error = await rejection(book('huge.sta', mt940));

    expect(camtError.code).toBe('import_rejected');
    expect(camtError.message).toContain(
      'huge.xml, Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt, Amt amount 999999999999999.99 is more than 999999999999.99 EUR, the maximum amount Collecta books',
    );
    expect(mt940Error.code).toBe('import_rejected');
    expect(mt940Error.message).toContain(
      'huge.sta, line 5, :61: amount 99999999999999,99 is more than 999999999999.99 EUR',
    );
  });

  it('books the maximum amount itself', async () => {
    const content = camtMessage({ message: '053', id: 'MAX-1' }).replace(
      '<Amt Ccy="EUR">250.00</Amt>',
      '<Amt Ccy="EUR">999999999999.99</Amt>',
    );
    const result = await book('max.xml', content);
    const [payment] = await paymentsOf(result.statementIds);

    expect(Number(payment?.amount_minor)).toBe(99_999_999_999_999);
  });
});
