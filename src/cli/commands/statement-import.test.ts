import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  SETUP_TIMEOUT_MS,
} from '../../dunning/test-factories.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';
import {
  camtFile,
  ENTITY_IBAN,
  mt940File,
  OTHER_IBAN,
} from '../../statements/testing/statement-fixtures.ts';

/**
 * `collecta statement import` on the command line, as users run it: the
 * exact --json keys, the readable summary and exit code 2 for files that
 * book nothing. The matching rules are tested in book-statement-file.test.ts.
 */
describe('collecta statement import', () => {
  let shared: SharedTestDatabase;
  let directory: string;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    const tenant = await createTenant(shared.database, 'statement-cli', { iban: ENTITY_IBAN });
    await withOrganisation(shared.database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-CLI' });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'CLI-2026-1',
        dueDate: '2026-02-01',
        amount: '99.95',
      });
    });
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-statement-cli-'));
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

  it('prints the five counts and books nothing twice', async () => {
    const file = writeFile(
      'day.940',
      mt940File([
        {
          amount: '99.95',
          bankReference: 'CLI-1',
          information: '/EREF/CLI-E2E-1//REMI/USTD//Factuur CLI-2026-1/',
        },
        { amount: '10.00', bankReference: 'CLI-2', information: '/REMI/USTD//gift/' },
        { amount: '-20.00', bankReference: 'CLI-3', information: '/REMI/USTD//office rent/' },
      ]),
    );

    const first = await collecta([file, '--entity', 'E1', '--json']);
    const second = await collecta([file, '--entity', 'E1']);

    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      statements: 1,
      transactions: 3,
      matched: 2,
      unmatched: 1,
      duplicates: 0,
    });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toContain(
      'day.940 booked for entity E1: 1 statement(s), 3 transaction(s).',
    );
    expect(second.stdout).toContain('duplicates  3');
  });

  it('exits 2 for a foreign account unless --any-account', async () => {
    const file = writeFile(
      'foreign.xml',
      camtFile([
        {
          id: 'CLI-FOREIGN',
          iban: OTHER_IBAN,
          entries: [{ amount: '5.00', bankReference: 'CLI-F1' }],
        },
      ]),
    );

    const rejected = await collecta([file, '--entity', 'E1', '--json']);
    const booked = await collecta([file, '--entity', 'E1', '--any-account', '--json']);

    expect(rejected.exitCode).toBe(2);
    expect(JSON.parse(rejected.stdout).error.code).toBe('import_rejected');
    expect(JSON.parse(rejected.stdout).error.message).toContain(
      `foreign.xml, statement 1 (CLI-FOREIGN), account ${OTHER_IBAN} is not a bank account of entity E1`,
    );
    expect(booked.exitCode).toBe(0);
    expect(JSON.parse(booked.stdout)).toMatchObject({ transactions: 1, duplicates: 0 });
  });

  it('exits 2 for an interim report and books nothing', async () => {
    const lines = [{ amount: '7.00', bankReference: 'CLI-I1', information: '/REMI/USTD//x/' }];
    const interim = writeFile('today.942', mt940File(lines, { id: 'CLI-DAY', interim: true }));
    const final = writeFile('today.940', mt940File(lines, { id: 'CLI-DAY' }));

    const rejected = await collecta([interim, '--entity', 'E1']);
    const booked = await collecta([final, '--entity', 'E1', '--json']);

    expect(rejected.exitCode).toBe(2);
    expect(rejected.stderr).toContain(
      'today.942 is an interim report (mt942) with 1 report and 1 transaction; nothing was booked',
    );
    expect(booked.exitCode).toBe(0);
    expect(JSON.parse(booked.stdout)).toMatchObject({ transactions: 1, duplicates: 0 });
  });

  it('exits 2 for invalid input', async () => {
    const file = writeFile('notes.txt', 'not a statement\n');

    const invalid = await collecta([file, '--entity', 'E1']);
    const missing = await collecta([file]);

    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('notes.txt, line 1, content ("not a statement")');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--entity');
  });
});
