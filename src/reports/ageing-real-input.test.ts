import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSharedTestDatabase,
  repoRoot,
  runCollectaInProcess,
  type SharedTestDatabase,
} from './child-process-database.ts';
import type { AgeingReportJson } from './format-ageing.ts';

const dataDirectory = path.resolve(repoRoot, '../shared/data');
const arHistoryFile = path.join(dataDirectory, 'ar-history/WA_Fn-UseC_-Accounts-Receivable.csv');
const hasData = fs.existsSync(arHistoryFile);
/** The import of 2,466 invoices takes long on a loaded two-core machine. */
const importTimeout = 300_000;

if (!hasData) {
  console.warn(`Skipping the ageing test on real input: ${arHistoryFile} is absent.`);
}

/**
 * The public accounts-receivable sample (2,466 paid invoices, amounts in
 * USD) imported through the command line. An invoice settled on date S is open up to
 * and including S minus one day, so on 2013-09-30 the open ones are those
 * issued by then and settled later.
 */
describe.skipIf(!hasData)('ageing of the accounts-receivable sample', () => {
  let shared: SharedTestDatabase;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
  });

  afterAll(async () => {
    await shared?.destroy();
  });

  const collecta = (args: string[]) =>
    runCollectaInProcess(args, { environment: shared.environment, database: shared.database });

  it(
    'matches the open invoices on 2013-09-30',
    async () => {
      const setup = [
        [
          'entity',
          'add',
          '--code',
          'AR',
          '--name',
          'AR history',
          '--currency',
          'USD',
          '--country',
          'US',
        ],
        ['import', arHistoryFile, '--entity', 'AR', '--mapping', 'ar-history'],
      ];
      for (const args of setup) {
        const step = await collecta(args);
        expect(step.exitCode, `${args.join(' ')}: ${step.stderr}${step.stdout}`).toBe(0);
      }

      const result = await collecta([
        'report',
        'ageing',
        '--entity',
        'AR',
        '--date',
        '2013-09-30',
        '--json',
      ]);

      expect(result.exitCode, result.stderr).toBe(0);
      const reports = JSON.parse(result.stdout) as AgeingReportJson[];
      expect(reports.map((report) => report.currency)).toEqual(['USD']);
      const [report] = reports;
      // The receivables history has no hold codes and no issues.
      const noneHeld = { count: 0, amount: '0.00' };
      expect(report?.buckets).toEqual([
        { name: 'current', count: 81, amount: '4563.74', onHold: noneHeld },
        { name: '1-30', count: 7, amount: '465.48', onHold: noneHeld },
        { name: '31-60', count: 0, amount: '0.00', onHold: noneHeld },
        { name: '61-90', count: 0, amount: '0.00', onHold: noneHeld },
        { name: '91+', count: 0, amount: '0.00', onHold: noneHeld },
      ]);
      expect(report?.credits).toEqual({ count: 0, amount: '0.00' });
      expect(report?.total).toEqual({ count: 88, amount: '5029.22' });
      expect(report?.onHold).toEqual(noneHeld);
      expect(report?.heldInvoices).toEqual([]);
    },
    importTimeout,
  );
});
