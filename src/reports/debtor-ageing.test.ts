import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  buildAgeingScope,
  buildDebtor,
  buildInvoice,
  type AgeingScope,
} from './ageing-test-data.ts';
import { computeDebtorAgeing } from './debtor-ageing.ts';

let testDatabase: TestDatabase;
let scope: AgeingScope;
const debtorIds: Record<string, string> = {};
const asOf = '2024-06-30';

/** Creating and migrating a database takes over a minute on a loaded two-core machine. */
const setupTimeout = 300_000;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  scope = await buildAgeingScope(testDatabase.database, { slug: 'debtor-ageing' });
  await withOrganisation(testDatabase.database, scope.organisationId, async (trx) => {
    for (const number of ['D-1', 'D-2', 'D-3']) {
      debtorIds[number] = await buildDebtor(trx, scope, { number });
    }
    const invoices = [
      { debtor: 'D-1', number: 'I-1', dueDate: '2024-07-10', amountMinor: 100_00 },
      { debtor: 'D-1', number: 'I-2', dueDate: '2024-06-15', amountMinor: 200_00 },
      { debtor: 'D-1', number: 'I-3', dueDate: '2024-03-01', amountMinor: 300_00 },
      { debtor: 'D-1', number: 'I-4', dueDate: '2024-03-01', amountMinor: 40_00, currency: 'USD' },
      { debtor: 'D-2', number: 'I-5', dueDate: '2024-05-15', amountMinor: 50_00 },
      {
        debtor: 'D-2',
        number: 'C-1',
        dueDate: '2024-01-01',
        amountMinor: -80_00,
        kind: 'credit_note' as const,
      },
    ];
    for (const { debtor, ...invoice } of invoices) {
      await buildInvoice(trx, scope, { debtorId: debtorIds[debtor]!, ...invoice });
    }
  });
}, setupTimeout);

afterAll(async () => {
  await testDatabase.drop();
});

function debtorAgeing(ids?: string[]) {
  return withOrganisation(testDatabase.database, scope.organisationId, (trx) =>
    computeDebtorAgeing(trx, {
      entityId: scope.entityId,
      asOf,
      ...(ids ? { debtorIds: ids } : {}),
    }),
  );
}

describe('computeDebtorAgeing', () => {
  it('returns open, overdue and buckets per debtor and currency', async () => {
    const rows = await debtorAgeing();

    const firstEur = rows.find(
      (row) => row.debtorId === debtorIds['D-1'] && row.currency === 'EUR',
    );
    expect(firstEur).toEqual({
      debtorId: debtorIds['D-1'],
      currency: 'EUR',
      openMinor: 600_00,
      overdueMinor: 500_00,
      ageingMinor: {
        current: 100_00,
        '1-30': 200_00,
        '31-60': 0,
        '61-90': 0,
        '91+': 300_00,
        credits: 0,
      },
    });
    const firstUsd = rows.find(
      (row) => row.debtorId === debtorIds['D-1'] && row.currency === 'USD',
    );
    expect(firstUsd?.openMinor).toBe(40_00);
    expect(firstUsd?.ageingMinor['91+']).toBe(40_00);
  });

  it('nets credits in open but not in overdue', async () => {
    const rows = await debtorAgeing();

    const second = rows.find((row) => row.debtorId === debtorIds['D-2']);
    expect(second?.openMinor).toBe(-30_00);
    expect(second?.overdueMinor).toBe(50_00);
    expect(second?.ageingMinor.credits).toBe(-80_00);
    expect(second?.ageingMinor['31-60']).toBe(50_00);
  });

  it('leaves out debtors without open items', async () => {
    const rows = await debtorAgeing();

    expect(rows).toHaveLength(3);
    expect(rows.some((row) => row.debtorId === debtorIds['D-3'])).toBe(false);
  });

  it('limits the result to the given debtors', async () => {
    const rows = await debtorAgeing([debtorIds['D-2']!]);

    expect(rows.map((row) => row.debtorId)).toEqual([debtorIds['D-2']]);
  });

  it('returns nothing for an empty debtor list', async () => {
    expect(await debtorAgeing([])).toEqual([]);
  });

  it('sorts by debtor id, then currency', async () => {
    const rows = await debtorAgeing();

    const keys = rows.map((row) => `${row.debtorId}/${row.currency}`);
    expect(keys).toEqual([...keys].sort());
  });
});
