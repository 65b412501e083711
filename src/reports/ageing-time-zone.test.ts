import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateInTimeZone } from '../dates/plain-date.ts';
import { withOrganisation } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { withProcessTimeZone } from '../testing/process-time-zone.ts';
import {
  buildAgeingScope,
  buildDebtor,
  buildInvoice,
  type AgeingScope,
} from './ageing-test-data.ts';
import {
  createSharedTestDatabase,
  repoRoot,
  runCollectaInProcess,
  runNode,
  type SharedTestDatabase,
} from './child-process-database.ts';

/** Zones 26 hours apart: a date read as a local midnight shifts by a day in one of them. */
const timeZones = ['Pacific/Kiritimati', 'America/Los_Angeles'];

/** The one case that starts a Node process, which opens the database. */
const childProcessTimeout = 300_000;

const invoices = [
  { number: 'A1', invoiceDate: '2024-06-01', dueDate: '2024-06-30', amountMinor: 100_00 },
  { number: 'A2', invoiceDate: '2024-05-31', dueDate: '2024-06-29', amountMinor: 200_00 },
  { number: 'A3', invoiceDate: '2024-05-01', dueDate: '2024-05-31', amountMinor: 300_00 },
  { number: 'A6', invoiceDate: '2024-03-31', dueDate: '2024-04-30', amountMinor: 600_00 },
];

/** Prints the open invoices' dates as JSON, read through the application's database layer. */
const readDatesScript = `
import { loadConfig } from ${JSON.stringify(path.join(repoRoot, 'src/config.ts'))};
import { openDatabase } from ${JSON.stringify(path.join(repoRoot, 'src/db/database.ts'))};
import { selectOpenInvoices } from ${JSON.stringify(path.join(repoRoot, 'src/invoices/open-invoices.ts'))};
const config = loadConfig();
const database = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDirectory: config.dataDirectory,
  tenantRole: 'collecta_app',
});
const entityId = process.argv.at(-1);
const rows = await selectOpenInvoices(database.db, { entityId, asOf: '2024-06-30' })
  .orderBy('number')
  .execute();
process.stdout.write(JSON.stringify(rows.map((row) => [row.number, row.invoice_date, row.due_date])));
await database.close();
`;

let shared: SharedTestDatabase;
let scope: AgeingScope;

beforeAll(async () => {
  shared = await createSharedTestDatabase();
  scope = await buildAgeingScope(shared.database, { slug: 'time-zone' });
  await withOrganisation(shared.database, scope.organisationId, async (trx) => {
    const debtorId = await buildDebtor(trx, scope);
    for (const invoice of invoices) {
      await buildInvoice(trx, scope, { debtorId, ...invoice });
    }
  });
}, childProcessTimeout);

afterAll(async () => {
  await shared.destroy();
}, childProcessTimeout);

const reportAgeing = (args: string[]) =>
  runCollectaInProcess(['report', 'ageing', ...args], {
    environment: shared.environment,
    database: shared.database,
  });

describe('ageing in other process time zones', () => {
  it.each(timeZones)('reads the stored date strings under TZ=%s', async (timeZone) => {
    const rows = await withProcessTimeZone(timeZone, () =>
      selectOpenInvoices(shared.database.db, { entityId: scope.entityId, asOf: '2024-06-30' })
        .orderBy('number')
        .execute(),
    );

    expect(rows.map((row) => [row.number, row.invoice_date, row.due_date])).toEqual(
      invoices.map((invoice) => [invoice.number, invoice.invoiceDate, invoice.dueDate]),
    );
  });

  it.each(timeZones)('buckets the same under TZ=%s', async (timeZone) => {
    const result = await withProcessTimeZone(timeZone, () =>
      reportAgeing(['--entity', 'NL01', '--date', '2024-06-30', '--json']),
    );

    expect(result.exitCode, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout) as Array<{
      date: string;
      buckets: Array<{ name: string; amount: string }>;
      total: { amount: string };
    }>;
    expect(report?.date).toBe('2024-06-30');
    expect(report?.buckets.map((bucket) => bucket.amount)).toEqual([
      '100.00',
      '500.00',
      '0.00',
      '600.00',
      '0.00',
    ]);
    expect(report?.total.amount).toBe('1200.00');
  });

  it('defaults the date to today in the entity time zone', async () => {
    const before = dateInTimeZone(new Date(), 'Europe/Amsterdam');
    const result = await withProcessTimeZone('Pacific/Kiritimati', () =>
      reportAgeing(['--entity', 'NL01', '--json']),
    );
    const after = dateInTimeZone(new Date(), 'Europe/Amsterdam');

    expect(result.exitCode, result.stderr).toBe(0);
    const [report] = JSON.parse(result.stdout) as Array<{ date: string }>;
    expect([before, after]).toContain(report?.date);
  });

  // Kept in a child process: a process started under another TZ, rather
  // than one that changes it while running, reads the same date strings.
  // It runs last, as PGlite opens in one process at a time.
  it(
    'reads the stored date strings in a process started under TZ=Pacific/Kiritimati',
    async () => {
      await shared.release();
      const result = await runNode(
        ['--import', 'tsx', '--input-type=module', '-e', readDatesScript, scope.entityId],
        { ...shared.environment, TZ: 'Pacific/Kiritimati' },
      );

      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual(
        invoices.map((invoice) => [invoice.number, invoice.invoiceDate, invoice.dueDate]),
      );
    },
    childProcessTimeout,
  );
});
