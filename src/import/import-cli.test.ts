import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { repoRoot, runCollectaInProcess } from '../reports/child-process-database.ts';
import {
  createTestDatabase,
  readPgliteTemplate,
  TEST_TENANT_ROLE,
  testDatabaseKind,
  type TestDatabase,
} from '../testing/test-database.ts';
import { csv } from './import-test-factories.ts';

const collecta = path.join(repoRoot, 'bin/collecta.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let workDirectory: string;
let postgres: TestDatabase | undefined;
/** This process's handle on the database that the child process migrated. */
let database: DatabaseHandle | undefined;

/** Exactly these settings, so nothing of the test process leaks into a command. */
function environment(): Record<string, string> {
  return {
    PATH: '/usr/bin:/bin',
    COLLECTA_DATA_DIR: path.join(workDirectory, 'data'),
    DATABASE_URL: postgres?.url ?? '',
    LOG_LEVEL: 'error',
  };
}

/** Runs the collecta binary in a child process, in the work directory, with exactly `environment()`. */
function runInChildProcess(args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [collecta, ...args], {
      cwd: workDirectory,
      env: environment(),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the command line in this process, with exactly `environment()`, on the open database. */
async function runCli(args: string[]): Promise<CliResult> {
  const result = await runCollectaInProcess(args, { environment: environment(), database });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

function writeFile(name: string, content: string): string {
  const file = path.join(workDirectory, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('collecta import', () => {
  beforeAll(async () => {
    workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-import-cli-'));
    postgres = testDatabaseKind() === 'postgres' ? await createTestDatabase() : undefined;
    if (!postgres) {
      // Starts the data directory from the migrated template, so the child skips initdb.
      const template = await openDatabase({
        dataDirectory: path.join(workDirectory, 'data'),
        tenantRole: TEST_TENANT_ROLE,
        initialData: readPgliteTemplate(),
      });
      await template.close();
    }
    // Kept in a child process: the binary gets only the settings above, and
    // leaves the database such that this process opens it afterwards.
    const added = await runInChildProcess([
      'entity',
      'add',
      '--code',
      'NL01',
      '--name',
      'Test',
      '--currency',
      'EUR',
      '--country',
      'NL',
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    database =
      postgres?.database ??
      (await openDatabase({
        dataDirectory: path.join(workDirectory, 'data'),
        tenantRole: TEST_TENANT_ROLE,
      }));
  }, 180_000);

  afterAll(async () => {
    if (postgres) {
      await postgres.drop();
    } else {
      await database?.close();
    }
    fs.rmSync(workDirectory, { recursive: true, force: true });
  });

  it('imports a file and then changes nothing', async () => {
    const file = writeFile(
      'open-items.csv',
      csv(
        'debtor_number,debtor_name,invoice_number,due_date,amount,paid_date',
        'D1,Delta Supplies,INV-1,2024-07-31,100.00,',
        'D1,Delta Supplies,INV-2,2024-07-31,50.00,2024-08-02',
      ),
    );

    const first = await runCli([
      'import',
      file,
      '--entity',
      'NL01',
      '--date',
      '2024-08-15',
      '--json',
    ]);
    const second = await runCli(['import', file, '--entity', 'NL01', '--date', '2024-08-15']);

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      debtors: { new: 1, changed: 0, unchanged: 0 },
      invoices: { new: 2, changed: 0, unchanged: 0, closed: 0 },
      payments: { new: 1 },
      rejected: [],
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing changed');
  });

  it('rejects a file with an invalid row, then imports the valid rows', async () => {
    const mapping = writeFile(
      'semicolon.json',
      JSON.stringify({
        columns: {
          invoice_no: 'invoice_number',
          debtor: 'debtor_name',
          due_date: 'due_date',
          amount: 'amount',
        },
        decimalSeparator: ',',
      }),
    );
    const file = writeFile(
      'decimal-comma.csv',
      csv(
        'invoice_no;debtor;due_date;amount',
        'IMP-1;Delta Supplies;2024-07-31;5323,54',
        'IMP-5;Delta Supplies;2024-07-31;1,234',
      ),
    );
    const args = ['import', file, '--entity', 'NL01', '--mapping', mapping, '--json'];

    const rejected = await runCli(args);
    const skipped = await runCli([...args, '--skip-invalid']);

    expect(rejected.code).toBe(2);
    const output = JSON.parse(rejected.stdout);
    expect(output.error.code).toBe('import_rejected');
    expect(output.invoices).toEqual({ new: 0, changed: 0, unchanged: 0, closed: 0 });
    expect(output.rejected).toEqual([
      { row: 3, column: 'amount', value: '1,234', reason: expect.stringContaining('3 decimals') },
    ]);
    expect(output.error.details.rejected).toEqual(output.rejected);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({
      invoices: { new: 1 },
      rejected: [{ row: 3, column: 'amount', value: '1,234' }],
    });
  });

  it('rejects an invalid mapping file with exit code 2', async () => {
    const mapping = writeFile('bad.json', JSON.stringify({ columns: { A: 'no_such_field' } }));
    const file = writeFile('any.csv', csv('A', 'x'));

    const result = await runCli([
      'import',
      file,
      '--entity',
      'NL01',
      '--mapping',
      mapping,
      '--json',
    ]);

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('"no_such_field" is not a field'),
    });
  });
});
