import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import {
  ACTOR,
  SETUP_TIMEOUT_MS,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  insertPayment,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createLogger } from '../logger.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { assignDebtorSegments } from './assign-debtor-segments.ts';
import { evaluateSegmentsNightly } from './evaluate-segments-nightly.ts';
import { loadSegmentDebtors } from './load-segment-debtors.ts';

const AS_OF = '2024-06-30';

describe('segment assignment by payment behaviour', () => {
  let test: TestDatabase;
  let tenant: TestTenant;
  const debtorIds: Record<string, string> = {};
  const segmentIds: Record<string, string> = {};

  const inTenant = <T>(work: (trx: Executor) => Promise<T>) =>
    withOrganisation(test.database, tenant.organisationId, work);
  const assign = (asOf = AS_OF) =>
    inTenant((trx) =>
      assignDebtorSegments(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entity.id,
        asOf,
        source: 'nightly',
        actor: ACTOR,
      }),
    );
  const behaviourOf = async (number: string) => {
    const rows = await inTenant((trx) =>
      loadSegmentDebtors(trx, { entityId: tenant.entity.id, asOf: AS_OF }),
    );
    return rows.find((row) => row.id === debtorIds[number]);
  };
  const segmentOf = async (number: string) => {
    const row = await inTenant((trx) =>
      trx
        .selectFrom('debtors')
        .select('segment_id')
        .where('id', '=', debtorIds[number] ?? '')
        .executeTakeFirstOrThrow(),
    );
    return row.segment_id;
  };
  const changesOf = (number: string) =>
    inTenant((trx) =>
      trx
        .selectFrom('segment_changes')
        .select(['from_segment_id', 'to_segment_id', 'reason', 'source', 'changed_by'])
        .where('debtor_id', '=', debtorIds[number] ?? '')
        .orderBy('changed_at')
        .execute(),
    );

  beforeAll(async () => {
    test = await createTestDatabase();
    tenant = await createTenant(test.database, 'segments', { code: 'NL01' });
    await inTenant(async (trx) => {
      const profile = await trx
        .selectFrom('succession_profiles')
        .select('id')
        .executeTakeFirstOrThrow();
      const insertSegment = async (name: string, priority: number, rules: object[]) => {
        const row = await trx
          .insertInto('segments')
          .values({
            organisation_id: tenant.organisationId,
            name,
            priority,
            rules: JSON.stringify(rules),
            profile_id: profile.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        segmentIds[name] = row.id;
      };
      await insertSegment('Late payers', 10, [
        { field: 'averageDaysLate', operator: 'greaterThanOrEqual', value: 10 },
      ]);
      await insertSegment('Large balance', 20, [
        { field: 'openTotal', operator: 'greaterThan', value: 5000 },
      ]);
      const fallback = await trx
        .selectFrom('segments')
        .select('id')
        .where('is_default', '=', true)
        .executeTakeFirstOrThrow();
      segmentIds.Default = fallback.id;

      for (const number of ['LATE', 'NEW', 'PINNED', 'LARGE']) {
        debtorIds[number] = await insertDebtor(trx, tenant, { number });
      }
      const late = debtorIds.LATE ?? '';
      const invoice = (number: string, dueDate: string, amount: string, extra = {}) =>
        insertInvoice(trx, tenant, {
          debtorId: late,
          number,
          dueDate,
          amount,
          invoiceDate: '2023-01-01',
          ...extra,
        });
      const pay = (invoiceId: string, date: string, amount: string) =>
        insertPayment(trx, tenant, { debtorId: late, invoiceId, date, amount });

      // Settled in the 12 months up to AS_OF: 20, 0, 15 and 5 days late.
      await pay(await invoice('L1', '2024-01-31', '100.00'), '2024-02-20', '100.00');
      await pay(await invoice('L2', '2024-03-31', '100.00'), '2024-03-25', '100.00');
      const partly = await invoice('L3', '2024-04-30', '100.00');
      await pay(partly, '2024-05-05', '40.00');
      await pay(partly, '2024-05-15', '60.00');
      const closed = await invoice('L4', '2024-06-05', '80.00');
      await trx
        .updateTable('invoices')
        .set({ closed_on: '2024-06-10' })
        .where('id', '=', closed)
        .execute();
      // Settled 121 days late, but before the 12 months.
      await pay(await invoice('L5', '2023-01-31', '100.00'), '2023-06-01', '100.00');
      // Open on AS_OF: L6 overdue, and L7 paid in time but only after AS_OF.
      await invoice('L6', '2024-06-01', '50.00');
      await pay(await invoice('L7', '2024-07-15', '30.00'), '2024-07-10', '30.00');
      await invoice('L8', '2024-06-01', '-10.00', { kind: 'credit_note' });
      await invoice('L9', '2024-06-01', '99.99', { currency: 'USD' });
      await invoice('L10', '2024-08-01', '70.00', { invoiceDate: '2024-07-05' });

      const promise = (promisedDate: string, status: 'open' | 'kept' | 'broken') => ({
        organisation_id: tenant.organisationId,
        entity_id: tenant.entity.id,
        debtor_id: late,
        promised_date: promisedDate,
        currency: 'EUR',
        amount_minor: 1000,
        status,
        created_by: ACTOR,
      });
      await trx
        .insertInto('promises')
        .values([
          promise('2024-05-01', 'broken'),
          promise('2023-05-01', 'broken'),
          promise('2024-05-02', 'kept'),
        ])
        .execute();
      const categoryId = await insertIssueCategory(trx, tenant, {
        name: 'Price',
        pausesDunning: false,
      });
      await insertIssue(trx, tenant, {
        debtorId: late,
        categoryId,
        invoiceIds: [],
        openedOn: '2024-03-01',
      });
      await insertIssue(trx, tenant, {
        debtorId: late,
        categoryId,
        invoiceIds: [],
        openedOn: '2023-06-30',
      });

      for (const number of ['PINNED', 'LARGE']) {
        await insertInvoice(trx, tenant, {
          debtorId: debtorIds[number] ?? '',
          number: `${number}-1`,
          dueDate: '2024-07-31',
          amount: '60.00',
        });
      }
      await trx
        .updateTable('debtors')
        .set({ segment_pinned: true, segment_pinned_by: 'anna', segment_id: segmentIds.Default })
        .where('id', '=', debtorIds.PINNED ?? '')
        .execute();
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await test.drop();
  });

  it('computes the payment behaviour of the last 12 months', async () => {
    const late = await behaviourOf('LATE');

    expect(late?.averageDaysLate).toBe(10);
    expect(late?.onTimeShare).toBe(0.25);
    expect(late?.brokenPromises).toBe(1);
    expect(late?.issueCount).toBe(1);
    expect(late?.entity).toBe('NL01');
  });

  it('sums open and overdue amounts in the entity currency', async () => {
    const late = await behaviourOf('LATE');

    expect(late?.openTotalMinor).toBe(5000 + 3000 - 1000);
    expect(late?.overdueTotalMinor).toBe(5000 - 1000);
  });

  it('leaves behaviour missing without settled invoices', async () => {
    const newcomer = await behaviourOf('NEW');

    expect(newcomer?.averageDaysLate).toBeNull();
    expect(newcomer?.onTimeShare).toBeNull();
    expect(newcomer?.openTotalMinor).toBe(0);
    expect(newcomer?.brokenPromises).toBe(0);
    expect(newcomer?.issueCount).toBe(0);
  });

  it('assigns the first matching segment and logs why', async () => {
    expect(await assign()).toEqual({ changed: 3 });

    expect(await segmentOf('LATE')).toBe(segmentIds['Late payers']);
    expect(await segmentOf('LARGE')).toBe(segmentIds['Large balance']);
    expect(await segmentOf('NEW')).toBe(segmentIds.Default);
    expect(await changesOf('LATE')).toEqual([
      {
        from_segment_id: null,
        to_segment_id: segmentIds['Late payers'],
        reason: 'rule: averageDaysLate greaterThanOrEqual 10 matched in segment "Late payers"',
        source: 'nightly',
        changed_by: ACTOR,
      },
    ]);
    expect((await changesOf('NEW'))[0]?.reason).toBe('no rule matched: default segment "Default"');
  });

  it('never moves a pinned debtor', async () => {
    expect(await segmentOf('PINNED')).toBe(segmentIds.Default);
    expect(await changesOf('PINNED')).toEqual([]);
  });

  it('changes and logs nothing the second time', async () => {
    expect(await assign()).toEqual({ changed: 0 });
    expect(await changesOf('LATE')).toHaveLength(1);
  });

  it('moves a debtor when its behaviour changes', async () => {
    // A year later only L7, paid in time, was settled in the 12 months, and L6 and L10 are open.
    expect(await assign('2025-06-30')).toEqual({ changed: 1 });

    expect(await segmentOf('LATE')).toBe(segmentIds['Large balance']);
    expect((await changesOf('LATE'))[1]).toMatchObject({
      from_segment_id: segmentIds['Late payers'],
      to_segment_id: segmentIds['Large balance'],
      reason: 'rule: openTotal greaterThan 5000 matched in segment "Large balance"',
    });
  });

  it('hides segment changes of other entities', async () => {
    const other = await createTenant(test.database, 'segments-other', { code: 'NL02' });
    const visible = await withOrganisation(
      test.database,
      tenant.organisationId,
      (trx) => trx.selectFrom('segment_changes').select('id').execute(),
      { entityIds: [other.entity.id] },
    );

    expect(visible).toEqual([]);
  });
});

describe('nightly segment evaluation', () => {
  let test: TestDatabase;
  let tenant: TestTenant;
  const logger = createLogger('silent');

  beforeAll(async () => {
    test = await createTestDatabase();
    tenant = await createTenant(test.database, 'nightly', { code: 'NL01' });
    await withOrganisation(test.database, tenant.organisationId, (trx) =>
      insertDebtor(trx, tenant, { number: 'D1' }),
    );
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await test.drop();
  });

  it('evaluates each entity once per local day', async () => {
    const morning = new Date('2024-07-01T06:00:00Z');
    const evening = new Date('2024-07-01T20:00:00Z');
    const nextDay = new Date('2024-07-01T23:30:00Z');

    expect(await evaluateSegmentsNightly(test.database, { now: morning, logger })).toEqual({
      evaluated: 1,
      skipped: 0,
      failed: 0,
      changed: 1,
    });
    expect(await evaluateSegmentsNightly(test.database, { now: evening, logger })).toMatchObject({
      evaluated: 0,
      skipped: 1,
    });
    // 23:30 UTC is already 2 July in Amsterdam.
    expect(await evaluateSegmentsNightly(test.database, { now: nextDay, logger })).toEqual({
      evaluated: 1,
      skipped: 0,
      failed: 0,
      changed: 0,
    });
  });

  it('logs its changes as nightly', async () => {
    const changes = await withOrganisation(test.database, tenant.organisationId, (trx) =>
      trx.selectFrom('segment_changes').select(['source', 'changed_by']).execute(),
    );

    expect(changes).toEqual([{ source: 'nightly', changed_by: 'system:segments' }]);
  });
});
