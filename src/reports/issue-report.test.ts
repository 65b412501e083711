import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { buildEntity } from '../debtors/test-factories.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  computeIssueReport,
  defaultIssueReportFrom,
  issueAgeBucketOf,
  type IssueReport,
  type IssueTally,
} from './issue-report.ts';
import { seedIssueReportFixture, type IssueReportFixture } from './issue-report-test-data.ts';

/** Creating and migrating a database takes over a minute on a loaded two-core machine. */
const setupTimeout = 300_000;

let testDatabase: TestDatabase;
let organisationId: string;
let entity: Entity;
let fixture: IssueReportFixture;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  const organisation = await createOrganisation(testDatabase.database, {
    live: true,
    slug: 'issue-report',
    name: 'Issue report',
    actor: 'test',
  });
  organisationId = organisation.id;
  await withOrganisation(testDatabase.database, organisationId, async (trx) => {
    entity = await buildEntity(trx, organisationId, { code: 'NL01' });
    fixture = await seedIssueReportFixture(trx, entity);
  });
}, setupTimeout);

afterAll(async () => {
  await testDatabase.drop();
});

function report(
  params: {
    today?: string;
    from?: string;
    to?: string;
    visibility?: { departmentId: string; userId: string };
  } = {},
): Promise<IssueReport> {
  return withOrganisation(testDatabase.database, organisationId, (trx) =>
    computeIssueReport(trx, {
      entities: [
        { entityId: entity.id, entityCode: entity.code, today: params.today ?? '2026-07-15' },
      ],
      from: params.from ?? '2026-01-01',
      to: params.to ?? '2026-06-30',
      visibility: params.visibility,
    }),
  );
}

/** Writes a tally as "count: 12.34 EUR, 5.00 USD" so that one assert checks count and amounts. */
function describeTally(tally: IssueTally | undefined): string {
  if (!tally) {
    return 'missing';
  }
  const amounts = tally.amounts.map(
    (amount) => `${(amount.amountMinor / 100).toFixed(2)} ${amount.currency}`,
  );
  return `${tally.count}: ${amounts.join(', ')}`;
}

describe('issue report, open issues', () => {
  it('counts the open issues of the period end in total', async () => {
    const result = await report();

    expect(result.entities).toEqual([{ entityCode: 'NL01', asOf: '2026-06-30' }]);
    // I1..I6: INV1 100 + INV2 30 + INV3 200 + INV4 -25 + INV8 80 + INV9 10 in EUR, INV7 in USD.
    expect(describeTally(result.open.total)).toBe('6: 395.00 EUR, 300.00 USD');
  });

  it('groups open issues by category', async () => {
    const result = await report();
    const rows = result.open.byCategory.map(
      (row) => `${row.category.name} (${row.category.processName}) ${describeTally(row)}`,
    );

    // Damaged: I3 (200 - 25), I4 (USD 300), I6 (10). Price: I1, I2, I5 with INV1 counted once.
    expect(rows).toEqual([
      'Damaged goods (Logistics) 3: 185.00 EUR, 300.00 USD',
      'Price difference (Sales) 3: 210.00 EUR',
    ]);
    expect(result.open.byCategory[1]?.category.names).toEqual({ nl: 'Prijsverschil' });
  });

  it('groups open issues by department', async () => {
    const result = await report();
    const rows = result.open.byDepartment.map(
      (row) => `${row.department?.name ?? 'none'} ${describeTally(row)}`,
    );

    expect(rows).toEqual([
      'Sales 4: 220.00 EUR',
      'Customer Service 1: 300.00 USD',
      'none 1: 175.00 EUR',
    ]);
  });

  it('groups open issues by age bucket', async () => {
    const result = await report();
    const rows = result.open.byAge.map((row) => `${row.bucket} ${describeTally(row)}`);

    // Ages on 06-30: I1 2, I6 7, I2 10, I3 30, I5 60, I4 90 days.
    expect(rows).toEqual([
      '0-7 2: 140.00 EUR',
      '8-14 1: 100.00 EUR',
      '15-30 1: 175.00 EUR',
      '31-60 1: 80.00 EUR',
      '61+ 1: 300.00 USD',
    ]);
  });

  it('sums the invoices on hold by pausing categories', async () => {
    const result = await report();

    // I1, I2 and I5 pause dunning: INV1 100 + INV2 30 + INV8 80, INV1 once.
    expect(result.onHold).toEqual([{ currency: 'EUR', amountMinor: 210_00, invoiceCount: 3 }]);
  });

  it('counts open issues on the entity today before the period end', async () => {
    const result = await report({ today: '2026-06-25' });
    const rows = result.open.byAge.map((row) => `${row.bucket} ${row.count}`);

    expect(result.entities).toEqual([{ entityCode: 'NL01', asOf: '2026-06-25' }]);
    // I1 opened 06-28 is not open yet; I2 is 5 days old and I6 2 days.
    expect(result.open.total.count).toBe(5);
    expect(rows).toEqual(['0-7 2', '8-14 0', '15-30 1', '31-60 1', '61+ 1']);
  });

  it('limits a department user to the department and own issues', async () => {
    const userId = await withOrganisation(testDatabase.database, organisationId, async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({
          organisation_id: organisationId,
          username: 'dora',
          email: 'dora@example.com',
          name: 'Dora',
          password_hash: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('issues')
        .set({ assignee_user_id: user.id })
        .where('id', '=', fixture.openIssueIds.I3)
        .execute();
      return user.id;
    });
    const customerService = await withOrganisation(
      testDatabase.database,
      organisationId,
      async (trx) =>
        (
          await trx
            .selectFrom('departments')
            .select('id')
            .where('name', '=', 'Customer Service')
            .executeTakeFirstOrThrow()
        ).id,
    );
    const result = await report({ visibility: { departmentId: customerService, userId } });

    // I4 of Customer Service and I3 assigned to the user; no closed issue belongs to either.
    expect(describeTally(result.open.total)).toBe('2: 175.00 EUR, 300.00 USD');
    expect(result.closed.count).toBe(0);
    // I4 opened in April, I3 in May, both of category Damaged goods.
    expect(result.openedByMonth.categories.map((row) => row.counts)).toEqual([[0, 0, 0, 1, 1, 0]]);
  });
});

describe('issue report, closed issues', () => {
  it('computes resolution statistics per category', async () => {
    const result = await report();
    const [price, damaged] = result.closed.byCategory;

    expect(result.closed.count).toBe(13);
    // Price: 1..10 days; mean 5.5; nearest rank of p90 is ceil(0.9 * 10) = 9, the value 9.
    expect(price?.category.name).toBe('Price difference');
    expect(price?.target).toEqual({ daysToResolve: 14, dayKind: 'calendar' });
    expect(price?.count).toBe(10);
    expect(price?.averageDays).toBe(5.5);
    expect(price?.p90Days).toBe(9);
    // Deadline 7 days after opening: the issues of 1 to 7 days are in time.
    expect(price?.inTimeCount).toBe(7);
    expect(price?.inTimePercent).toBe(70);
    // Damaged: 7, 9 and 4 days; mean 20 / 3 = 6.7; ceil(0.9 * 3) = 3, the largest, 9.
    expect(damaged?.category.name).toBe('Damaged goods');
    expect(damaged?.target).toEqual({ daysToResolve: 5, dayKind: 'working' });
    expect(damaged?.count).toBe(3);
    expect(damaged?.averageDays).toBe(6.7);
    expect(damaged?.p90Days).toBe(9);
    // The 7-day issue meets its deadline of 5 working days; the 9-day one does not.
    expect(damaged?.inTimeCount).toBe(2);
    expect(damaged?.inTimePercent).toBe(66.7);
  });

  it('counts the outcomes per category and in total', async () => {
    const result = await report();
    const outcomes = (rows: Array<{ outcome: string; count: number }> | undefined) =>
      Object.fromEntries((rows ?? []).map((row) => [row.outcome, row.count]));

    expect(outcomes(result.closed.byCategory[0]?.outcomes)).toEqual({
      favour_debtor: 4,
      favour_creditor: 3,
      partly: 2,
      rejected: 1,
    });
    expect(outcomes(result.closed.byCategory[1]?.outcomes)).toEqual({
      favour_debtor: 0,
      favour_creditor: 2,
      partly: 1,
      rejected: 0,
    });
    expect(outcomes(result.closed.outcomes)).toEqual({
      favour_debtor: 4,
      favour_creditor: 5,
      partly: 3,
      rejected: 1,
    });
  });

  it('takes issues closed on the first day and leaves out earlier ones', async () => {
    const result = await report({ from: '2026-01-02' });

    // The 1-day price issue closed on 2026-01-01 drops out.
    expect(result.closed.byCategory[0]?.count).toBe(9);
    expect(result.closed.count).toBe(12);
  });
});

describe('issue report, root causes', () => {
  it('counts issues opened per month and category', async () => {
    const result = await report();

    expect(result.openedByMonth.months).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    const rows = result.openedByMonth.categories.map((row) => [
      row.category.name,
      row.counts,
      row.total,
    ]);
    // Price: closed Feb 2, Mar 3, Apr 4 and open I5 in May, I1 and I2 in June.
    // Damaged: closed Feb 1, Mar 2 and open I4 in April, I3 in May, I6 in June.
    expect(rows).toEqual([
      ['Price difference', [0, 2, 3, 4, 1, 2], 12],
      ['Damaged goods', [0, 1, 2, 1, 1, 1], 6],
    ]);
  });
});

describe('issue report period', () => {
  it('rejects a start after the end', async () => {
    await expect(report({ from: '2026-07-01', to: '2026-06-30' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('defaults to twelve calendar months', () => {
    expect(defaultIssueReportFrom('2026-12-04')).toBe('2026-01-01');
    expect(defaultIssueReportFrom('2026-01-31')).toBe('2025-02-01');
  });

  it('puts each age in its bucket', () => {
    const cases: Array<[number, string]> = [
      [0, '0-7'],
      [7, '0-7'],
      [8, '8-14'],
      [14, '8-14'],
      [15, '15-30'],
      [30, '15-30'],
      [31, '31-60'],
      [60, '31-60'],
      [61, '61+'],
    ];
    for (const [days, bucket] of cases) {
      expect(issueAgeBucketOf(days), `${days} days`).toBe(bucket);
    }
  });
});
