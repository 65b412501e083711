/**
 * The import and dunning benchmark (`npm run bench`). It generates a
 * receivables file of 100,000 invoices of 20,000 debtors in the `generic`
 * layout. For each database it then times the import and a dunning run in a
 * child process of its own, and prints a table. PGlite is persisted in a
 * temporary directory, as in production. PostgreSQL gets a new database
 * beside BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * and is skipped when that server is unreachable. The directory and the
 * database are removed afterwards.
 *
 * Options: --invoices N, --debtors N, --only pglite|postgres,
 * --timeout-minutes N (per database, default 20). As the import command
 * does, planner statistics are refreshed between the import and the run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadHarnessSettings } from '../src/config.ts';
import { benchSettings, type BenchResult } from './bench-settings.ts';
import { formatResults, loadAverage } from './format-results.ts';
import type { DatabaseJob } from './run-database.ts';
import { writeBenchFile } from './write-bench-file.ts';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-database.ts');

const { values } = parseArgs({
  options: {
    invoices: { type: 'string' },
    debtors: { type: 'string' },
    only: { type: 'string' },
    'timeout-minutes': { type: 'string' },
  },
});
const settings = benchSettings({
  ...(values.invoices ? { invoiceCount: Number(values.invoices) } : {}),
  ...(values.debtors ? { debtorCount: Number(values.debtors) } : {}),
});
const timeoutMs = Number(values['timeout-minutes'] ?? 20) * 60_000;
const adminUrl = loadHarnessSettings().benchDatabaseUrl;

/** Runs one database's benchmark in a child process, killed after `timeoutMs`. */
function runChild(job: DatabaseJob): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${job.database} did not finish within ${timeoutMs / 60_000} minutes`));
    }, timeoutMs);
    const stop = () => child.kill('SIGKILL');
    process.once('SIGINT', stop);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.removeListener('SIGINT', stop);
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve(JSON.parse(last) as BenchResult);
      } else {
        reject(new Error(`${job.database} benchmark exited with code ${code}`));
      }
    });
  });
}

async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function benchPglite(directory: string, csvPath: string): Promise<BenchResult> {
  const dataDirectory = path.join(directory, 'pglite');
  try {
    return await runChild({ database: 'pglite', dataDirectory, csvPath, settings });
  } finally {
    fs.rmSync(dataDirectory, { recursive: true, force: true });
  }
}

async function benchPostgres(csvPath: string): Promise<BenchResult | string> {
  if (!(await isReachable(adminUrl))) {
    return `PostgreSQL skipped: ${new URL(adminUrl).host} is unreachable`;
  }
  const name = `collecta_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await adminQuery(`create database ${name}`);
  try {
    return await runChild({ database: 'postgres', databaseUrl: url.toString(), csvPath, settings });
  } finally {
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-bench-'));
  const results: Array<BenchResult | string> = [];
  try {
    const started = performance.now();
    const { csv } = writeBenchFile(settings);
    const csvPath = path.join(directory, 'bench.csv');
    fs.writeFileSync(csvPath, csv);
    const generateSeconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `Generated ${settings.invoiceCount} rows of ${settings.debtorCount} debtors (${(csv.length / 1e6).toFixed(1)} MB) in ${generateSeconds.toFixed(1)} s\n`,
    );

    for (const database of ['pglite', 'postgres'] as const) {
      if (values.only && values.only !== database) {
        continue;
      }
      try {
        results.push(
          database === 'pglite'
            ? await benchPglite(directory, csvPath)
            : await benchPostgres(csvPath),
        );
      } catch (error) {
        results.push(
          `${database} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }

  process.stdout.write(formatResults(settings, results, loadAtStart));
}

await main();
