import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, SETUP_TIMEOUT_MS } from '../../dunning/test-factories.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';
import { ENTITY_IBAN } from '../../statements/testing/statement-fixtures.ts';

/** Builds an MT940 statement with one line of `amount` (SWIFT decimal comma) and a wrong closing balance. */
function mt940Statement(reference: string, amount: string, text: string): string {
  return [
    `:20:${reference}`,
    `:25:${ENTITY_IBAN}`,
    ':28C:1/1',
    ':60F:C261201EUR0,00',
    `:61:2612011201C${amount}NTRFNONREF`,
    `:86:/CNTP/NL91ABNA0417164301/ABNANL2A/Payer///REMI/USTD//${text}/`,
    ':62F:C261201EUR999,00',
    '-',
    '',
  ].join('\r\n');
}

/**
 * Warnings and rejections of `collecta statement import` on the command
 * line: warnings go to stderr, one line each, and leave the --json output on
 * stdout as it is.
 */
describe('collecta statement import warnings', () => {
  let shared: SharedTestDatabase;
  let directory: string;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    await createTenant(shared.database, 'statement-warnings', { iban: ENTITY_IBAN });
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-statement-warnings-'));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await shared.destroy();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const writeFile = (name: string, content: string) => {
    const file = path.join(directory, name);
    fs.writeFileSync(file, content);
    return file;
  };

  const collecta = (args: string[]) =>
    runCollectaInProcess(['statement', 'import', ...args], {
      environment: { ...shared.environment, PATH: '/usr/bin:/bin', LOG_LEVEL: 'error' },
      database: shared.database,
    });

  it('prints warnings on stderr with --json', async () => {
    const file = writeFile('w1.sta', mt940Statement('W1', '10,00', 'first'));

    const result = await collecta([file, '--entity', 'E1', '--json']);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      statements: 1,
      transactions: 1,
      matched: 0,
      unmatched: 1,
      duplicates: 0,
    });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^collecta: warning: w1\.sta, statement 1 \(W1\): opening balance 0\.00 plus the transactions gives 10\.00, but the closing balance is 999\.00 EUR/,
      ),
      expect.stringMatching(
        /^collecta: warning: w1\.sta, statement 1 \(W1\), entry 1: counterparty IBAN NL91ABNA0417164301 fails the IBAN check/,
      ),
    ]);
  });

  it('prints warnings on stderr with the text summary', async () => {
    const file = writeFile('w2.sta', mt940Statement('W2', '10,00', 'second'));

    const result = await collecta([file, '--entity', 'E1']);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('w2.sta booked for entity E1');
    expect(result.stdout).not.toContain('warning');
    expect(result.stderr).toContain(
      'collecta: warning: w2.sta, statement 1 (W2), entry 1: counterparty IBAN NL91ABNA0417164301 fails the IBAN check',
    );
  });

  it('books a same-looking line of another statement', async () => {
    const first = writeFile('m05.sta', mt940Statement('M05', '12,00', 'payment one'));
    const second = writeFile('m07.sta', mt940Statement('M07', '12,00', 'payment two'));

    await collecta([first, '--entity', 'E1', '--json']);
    const other = await collecta([second, '--entity', 'E1', '--json']);
    const again = await collecta([second, '--entity', 'E1', '--json']);

    expect(JSON.parse(other.stdout)).toMatchObject({ unmatched: 1, duplicates: 0 });
    expect(JSON.parse(again.stdout)).toMatchObject({ unmatched: 0, duplicates: 1 });
  });

  it('rejects a huge amount with exit code 2', async () => {
    const file = writeFile('huge.sta', mt940Statement('M02', '99999999999999,99', 'huge'));

    const result = await collecta([file, '--entity', 'E1', '--json']);

    expect(result.exitCode).toBe(2);
    const output = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(output.error.code).toBe('import_rejected');
    expect(output.error.message).toBe(
      'huge.sta, line 5, :61: amount 99999999999999,99 is more than 999999999999.99 EUR, the maximum amount Collecta books; ask the bank for a corrected export.',
    );
    expect(result.stderr).toBe('');
  });

  it('warns about a booking date far from the creation date', async () => {
    const file = writeFile(
      'old.xml',
      `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>OLD</MsgId><CreDtTm>2026-12-01T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>C25</Id><Acct><Id><IBAN>${ENTITY_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>1900-01-01</Dt></BookgDt><ValDt><Dt>1900-01-01</Dt></ValDt><AcctSvcrRef>OLD-1</AcctSvcrRef>
</Ntry></Stmt></BkToCstmrStmt></Document>
`,
    );

    const result = await collecta([file, '--entity', 'E1', '--json']);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ transactions: 1, unmatched: 1 });
    expect(result.stderr.trim().split('\n')).toEqual([
      'collecta: warning: old.xml, statement 1 (C25), entry 1: booking date 1900-01-01 lies more than one year away from 2026-12-01 (the creation date of the statement, else the import date); check the date with the bank, because the payment is booked on it',
    ]);
  });
});
