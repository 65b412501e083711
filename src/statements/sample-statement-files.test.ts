import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../cli/command.ts';
import { statementImportCommand } from '../cli/commands/statement-import.ts';
import { loadConfig } from '../config.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTenant, SETUP_TIMEOUT_MS, type TestTenant } from '../dunning/test-factories.ts';
import { isAppError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { StatementImportCounts } from './book-statement-file.ts';

/**
 * Public bank statement samples (camt and MT940 from open-source parsers'
 * test folders), kept outside the repository in ../shared/data. Every file
 * goes through `collecta statement import --any-account`: statements book
 * (exit 0), and a second import of the same file books nothing again.
 * Broken files and interim reports exit 2.
 */
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDirectory = path.resolve(repositoryRoot, '../shared/data');
const hasData =
  fs.existsSync(path.join(dataDirectory, 'camt')) &&
  fs.existsSync(path.join(dataDirectory, 'mt940'));

if (!hasData) {
  console.warn(
    `Skipping the bank statement import sample tests: ${dataDirectory}/camt and /mt940 are absent.`,
  );
}

/** Files that are no valid statement: wrong namespace, impossible date, no statement, bad header. */
const INVALID_FILES = new Set([
  'camt/Barzahlen-camt_parser/general/invalid_namespace.xml',
  'camt/Barzahlen-camt_parser/053/valid_namespace.xml',
  'camt/Barzahlen-camt_parser/052/valid_namespace.xml',
  'camt/genkgo-camt/camt053.v2.wrong.xml',
  'mt940/OCA-bank-statement-import/10.0/test-wrong-file.940',
  'mt940/WoLpH-mt940/self-provided/february_30.sta',
  'mt940/WoLpH-mt940/self-provided/sparkassen.sta',
  'mt940/WoLpH-mt940/self-provided/invalid_statement.sta',
]);

/** Interim reports: camt.052 files and MT942. */
function isInterimReport(relativePath: string): boolean {
  return /\/052\/|camt052\.|mt942\.sta$/.test(relativePath);
}

function sampleFiles(): string[] {
  if (!hasData) {
    return [];
  }
  const files: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dataDirectory, relative), {
      withFileTypes: true,
    })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(child);
      } else if (!entry.name.startsWith('LICENSE')) {
        files.push(child);
      }
    }
  };
  walk('camt');
  walk('mt940');

  return files.sort();
}

describe.skipIf(!hasData)('statement import of the sample files', () => {
  let testDatabase: TestDatabase;
  let tenant: TestTenant;
  let context: CommandContext;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    tenant = await createTenant(testDatabase.database, 'statement-samples');
    context = {
      config: loadConfig({}),
      logger: createLogger('silent'),
      actor: 'cli:test',
      database: () => Promise.resolve(testDatabase.database),
      organisationId: () => Promise.resolve(tenant.organisationId),
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  /** Runs the command; returns its exit code and --json output, or the error's exit code and message. */
  const importSample = async (relativePath: string) => {
    try {
      const result = await statementImportCommand.run(
        context,
        { entity: tenant.entity.code, 'any-account': true, json: true },
        [path.join(dataDirectory, relativePath)],
      );
      return { exitCode: result.exitCode ?? 0, counts: result.json as StatementImportCounts };
    } catch (error) {
      if (isAppError(error)) {
        return { exitCode: error.exitCode, message: error.message };
      }
      throw error;
    }
  };

  it.each(sampleFiles())('%s', async (relativePath) => {
    const expectedExit = INVALID_FILES.has(relativePath) || isInterimReport(relativePath) ? 2 : 0;

    const first = await importSample(relativePath);

    expect(first.exitCode, first.message).toBe(expectedExit);
    if (expectedExit === 2) {
      expect(first.message).toContain(path.basename(relativePath));
      return;
    }
    const counts = first.counts as StatementImportCounts;
    expect(counts.statements).toBeGreaterThan(0);
    expect(counts.matched + counts.unmatched + counts.duplicates).toBe(counts.transactions);

    const second = await importSample(relativePath);

    expect(second.counts).toEqual({
      statements: counts.statements,
      transactions: counts.transactions,
      matched: 0,
      unmatched: 0,
      duplicates: counts.transactions,
    });
  });

  it('keeps the 132 Rabobank statements and their 9 payments', async () => {
    await importSample('camt/mpdroog-invoiced/CAMT053.xml');

    const rows = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('bank_statements as s')
        .leftJoin('payments as p', 'p.statement_id', 's.id')
        .select([
          sql<number>`count(distinct s.id)::int`.as('statements'),
          sql<number>`count(p.id)::int`.as('payments'),
        ])
        .where('s.file_name', '=', 'CAMT053.xml')
        .executeTakeFirstOrThrow(),
    );

    expect(rows).toEqual({ statements: 132, payments: 9 });
  });
});
