import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  testDatabaseKind,
  type TestDatabase,
} from '../testing/test-database.ts';
import { csv } from './import-test-factories.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const collecta = path.join(repoRoot, 'bin/collecta.js');

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let workDirectory: string;
let postgres: TestDatabase | undefined;

/** Runs the collecta CLI in a child process against this test's own database. */
function runCli(args: string[]): Promise<CliResult> {
  // The child gets exactly these settings, so nothing of the test process leaks into it.
  const environment: NodeJS.ProcessEnv = {
    PATH: '/usr/bin:/bin',
    COLLECTA_DATA_DIR: path.join(workDirectory, 'data'),
    DATABASE_URL: postgres?.url ?? '',
    LOG_LEVEL: 'error',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [collecta, ...args], {
      cwd: workDirectory,
      env: environment,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
    const added = await runCli([
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
  }, 180_000);

  afterAll(async () => {
    await postgres?.drop();
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
  }, 180_000);

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
  }, 180_000);

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
  }, 180_000);
});
