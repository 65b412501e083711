import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  buildImportTarget,
  runImport,
  TEST_ACTOR,
  type ImportTarget,
} from '../import/import-test-factories.ts';
import { resolveMapping } from '../import/resolve-mapping.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { assignDebtorSegments } from './assign-debtor-segments.ts';
import { loadSegmentDebtors } from './load-segment-debtors.ts';
import { createSegment } from './segments.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arHistoryFile = path.resolve(
  repoRoot,
  '../shared/data/ar-history/WA_Fn-UseC_-Accounts-Receivable.csv',
);
const present = fs.existsSync(arHistoryFile);
if (!present) {
  console.log(`Skipping the ar-history segment test: ${arHistoryFile} is absent.`);
}

const IMPORT_DATE = '2014-06-30';
const EVALUATION_DATE = '2013-12-31';
const DAY_MS = 86_400_000;

/** Parses a US M/D/YYYY date to milliseconds since the epoch, at UTC midnight. */
function parseUsDate(text: string): number {
  const [month, day, year] = text.split('/').map(Number);
  return Date.UTC(year ?? 0, (month ?? 0) - 1, day ?? 0);
}

/**
 * Computes the mean days late per customer straight from the CSV: over the
 * invoices settled after `asOf` minus 12 months and on or before `asOf`,
 * the mean of max(0, SettledDate - DueDate) in days.
 */
function expectedAverages(csvText: string, asOf: string): Map<string, number> {
  const [header, ...lines] = csvText.split(/\r?\n/).filter((line) => line !== '');
  const columns = (header ?? '').split(',');
  const customer = columns.indexOf('customerID');
  const due = columns.indexOf('DueDate');
  const settled = columns.indexOf('SettledDate');
  const end = Date.parse(`${asOf}T00:00:00Z`);
  const start = new Date(end);
  start.setUTCFullYear(start.getUTCFullYear() - 1);

  const sums = new Map<string, { days: number; count: number }>();
  for (const line of lines) {
    const cells = line.split(',');
    const settledOn = parseUsDate(cells[settled] ?? '');
    if (settledOn <= start.getTime() || settledOn > end) {
      continue;
    }
    const daysLate = Math.max(0, Math.round((settledOn - parseUsDate(cells[due] ?? '')) / DAY_MS));
    const entry = sums.get(cells[customer] ?? '') ?? { days: 0, count: 0 };
    entry.days += daysLate;
    entry.count += 1;
    sums.set(cells[customer] ?? '', entry);
  }

  return new Map([...sums].map(([id, { days, count }]) => [id, days / count]));
}

describe.skipIf(!present)('ar-history segments by days late', () => {
  let test: TestDatabase;
  let target: ImportTarget;
  let latePayersId: string;
  const csvText = present ? fs.readFileSync(arHistoryFile, 'utf8') : '';

  const inTenant = <T>(work: Parameters<typeof withOrganisation<T>>[2]) =>
    withOrganisation(test.database, target.organisationId, work);
  const debtorsAsOf = (asOf: string) =>
    inTenant((trx) => loadSegmentDebtors(trx, { entityId: target.entityId, asOf }));
  const latePayers = async () => {
    const rows = await inTenant((trx) =>
      trx.selectFrom('debtors').select('number').where('segment_id', '=', latePayersId).execute(),
    );
    return rows.map((row) => row.number).sort();
  };
  const numbersById = async () => {
    const rows = await inTenant((trx) =>
      trx.selectFrom('debtors').select(['id', 'number']).execute(),
    );
    return new Map(rows.map((row) => [row.id, row.number]));
  };
  const above = (averages: Map<string, number>, limit: number) =>
    [...averages]
      .filter(([, average]) => average > limit)
      .map(([id]) => id)
      .sort();

  beforeAll(async () => {
    test = await createTestDatabase();
    target = await buildImportTarget(test.database, { code: 'AR', currency: 'USD', country: 'US' });
    latePayersId = await inTenant(async (trx) => {
      const profile = await trx
        .selectFrom('succession_profiles')
        .select('id')
        .executeTakeFirstOrThrow();
      const segment = await createSegment(
        trx,
        { organisationId: target.organisationId, actor: TEST_ACTOR },
        {
          name: 'Late payers',
          priority: 10,
          rules: [{ field: 'averageDaysLate', operator: 'greaterThan', value: 10 }],
          profileId: profile.id,
        },
      );
      return segment.id;
    });
    await runImport(target, fs.readFileSync(arHistoryFile), {
      fileName: path.basename(arHistoryFile),
      mapping: resolveMapping('ar-history'),
      importDate: IMPORT_DATE,
    });
  }, 180_000);

  afterAll(async () => {
    await test.drop();
  });

  it('import assigns segments as of the import date', async () => {
    const expected = above(expectedAverages(csvText, IMPORT_DATE), 10);

    expect(expected.length).toBeGreaterThan(0);
    expect(await latePayers()).toEqual(expected);
  });

  it('averages days late per customer as the file gives', async () => {
    const expected = expectedAverages(csvText, EVALUATION_DATE);
    const numbers = await numbersById();
    const debtors = await debtorsAsOf(EVALUATION_DATE);

    expect(expected.size).toBeGreaterThan(50);
    expect(debtors).toHaveLength(100);
    for (const debtor of debtors) {
      const number = numbers.get(debtor.id) ?? '';
      const average = expected.get(number);
      if (average === undefined) {
        expect(debtor.averageDaysLate, number).toBeNull();
      } else {
        expect(debtor.averageDaysLate, number).toBeCloseTo(average, 9);
      }
    }
  });

  it('puts exactly the customers above 10 days in the segment', async () => {
    const expected = above(expectedAverages(csvText, EVALUATION_DATE), 10);
    await inTenant((trx) =>
      assignDebtorSegments(trx, {
        organisationId: target.organisationId,
        entityId: target.entityId,
        asOf: EVALUATION_DATE,
        source: 'nightly',
        actor: TEST_ACTOR,
      }),
    );

    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(100);
    expect(await latePayers()).toEqual(expected);
  });
});
