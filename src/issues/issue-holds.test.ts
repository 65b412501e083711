import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  resolveIssue,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { describeIssueHold, loadIssueHolds, type IssueHold } from './issue-holds.ts';

let testDatabase: TestDatabase;
let tenant: TestTenant;
const ids = new Map<string, string>();
const issueNumbers = new Map<string, number>();

/*
 * D-1: I1 and I2; an open issue of a pausing category on I1 alone.
 * D-2: I3 and I4; an open whole-debtor issue of a pausing category.
 * D-3: I5; an open issue of a category that does not pause.
 * D-4: I6; an issue resolved on 2024-05-10 with a resume delay of 7 days.
 * D-5: I7; an issue on I7 resolved on 2024-05-01 (3 days delay) and an open one.
 * D-6: I8 closed on 2024-04-01 by a snapshot import, under a whole-debtor issue.
 */
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'issue-holds');
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    for (const number of ['D-1', 'D-2', 'D-3', 'D-4', 'D-5', 'D-6']) {
      ids.set(number, await insertDebtor(trx, tenant, { number }));
    }
    const invoices: Array<[string, string]> = [
      ['I1', 'D-1'],
      ['I2', 'D-1'],
      ['I3', 'D-2'],
      ['I4', 'D-2'],
      ['I5', 'D-3'],
      ['I6', 'D-4'],
      ['I7', 'D-5'],
      ['I8', 'D-6'],
    ];
    for (const [number, debtor] of invoices) {
      const debtorId = ids.get(debtor) ?? '';
      ids.set(
        number,
        await insertInvoice(trx, tenant, {
          debtorId,
          number,
          dueDate: '2024-04-01',
          amount: '100.00',
        }),
      );
    }
    await trx
      .updateTable('invoices')
      .set({ closed_on: '2024-04-01' })
      .where('id', '=', ids.get('I8') ?? '')
      .execute();

    const pausing = await insertIssueCategory(trx, tenant, {
      name: 'Wrong price',
      names: { nl: 'Verkeerde prijs' },
      pausesDunning: true,
      resumeAfterDays: 7,
    });
    const shortDelay = await insertIssueCategory(trx, tenant, {
      name: 'Damaged goods',
      pausesDunning: true,
      resumeAfterDays: 3,
    });
    const notPausing = await insertIssueCategory(trx, tenant, {
      name: 'Address change',
      pausesDunning: false,
    });
    const open = async (key: string, debtor: string, categoryId: string, invoices: string[]) => {
      const issue = await insertIssue(trx, tenant, {
        debtorId: ids.get(debtor) ?? '',
        categoryId,
        invoiceIds: invoices.map((number) => ids.get(number) ?? ''),
      });
      issueNumbers.set(key, issue.number);
      ids.set(key, issue.id);
      return issue;
    };
    await open('on-I1', 'D-1', pausing, ['I1']);
    await open('whole-D-2', 'D-2', pausing, []);
    await open('not-pausing', 'D-3', notPausing, ['I5']);
    const resolved = await open('resolved', 'D-4', pausing, ['I6']);
    await resolveIssue(trx, { issueId: resolved.id, closedOn: '2024-05-10' });
    const earlier = await open('resolved-D-5', 'D-5', shortDelay, ['I7']);
    await resolveIssue(trx, { issueId: earlier.id, closedOn: '2024-05-01' });
    await open('open-D-5', 'D-5', shortDelay, ['I7']);
    await open('whole-D-6', 'D-6', pausing, []);
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

async function holdsOn(asOf: string, debtors?: string[]): Promise<Map<string, IssueHold>> {
  const holds = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    loadIssueHolds(trx, {
      entityId: tenant.entity.id,
      asOf,
      ...(debtors && { debtorIds: debtors.map((number) => ids.get(number) ?? '') }),
    }),
  );
  const byNumber = new Map<string, IssueHold>();
  for (const [invoiceId, hold] of holds) {
    const number = [...ids].find(([, id]) => id === invoiceId)?.[0] ?? invoiceId;
    byNumber.set(number, hold);
  }

  return byNumber;
}

describe('loadIssueHolds', () => {
  it('holds the invoices an open issue names', async () => {
    const holds = await holdsOn('2024-05-12');

    expect(holds.get('I1')).toEqual({
      issueId: ids.get('on-I1'),
      issueNumber: issueNumbers.get('on-I1'),
      categoryName: 'Wrong price',
      categoryNames: { nl: 'Verkeerde prijs' },
      status: 'open',
      closedAs: null,
      closedOn: null,
      resumesOn: null,
    });
    expect(holds.has('I2')).toBe(false);
  });

  it('holds every invoice of a whole-debtor issue', async () => {
    const holds = await holdsOn('2024-05-12');

    expect(holds.get('I3')?.issueId).toBe(ids.get('whole-D-2'));
    expect(holds.get('I4')?.issueId).toBe(ids.get('whole-D-2'));
  });

  it('ignores a category that does not pause', async () => {
    expect((await holdsOn('2024-05-12')).has('I5')).toBe(false);
  });

  it('leaves out invoices closed by the as-of date', async () => {
    expect((await holdsOn('2024-05-12')).has('I8')).toBe(false);
    expect((await holdsOn('2024-03-31')).get('I8')?.issueId).toBe(ids.get('whole-D-6'));
  });

  it('holds a closed issue until its resume date', async () => {
    const lastHeldDay = (await holdsOn('2024-05-16')).get('I6');
    const resumeDay = (await holdsOn('2024-05-17')).get('I6');

    expect(lastHeldDay).toEqual(
      expect.objectContaining({
        status: 'resuming',
        closedAs: 'resolved',
        closedOn: '2024-05-10',
        resumesOn: '2024-05-17',
      }),
    );
    expect(resumeDay).toBeUndefined();
  });

  it('prefers an open issue over a closed one', async () => {
    const hold = (await holdsOn('2024-05-02')).get('I7');

    expect(hold?.issueId).toBe(ids.get('open-D-5'));
    expect(hold?.status).toBe('open');
  });

  it('limits the result to the given debtors', async () => {
    const holds = await holdsOn('2024-05-12', ['D-2']);

    expect([...holds.keys()].sort()).toEqual(['I3', 'I4']);
    expect((await holdsOn('2024-05-12', [])).size).toBe(0);
  });
});

describe('describeIssueHold', () => {
  const base: IssueHold = {
    issueId: 'x',
    issueNumber: 12,
    categoryName: 'Product not in accordance with specification',
    categoryNames: {},
    status: 'open',
    closedAs: null,
    closedOn: null,
    resumesOn: null,
  };

  it('describes an open issue', () => {
    expect(describeIssueHold(base)).toBe(
      'Issue 12 (Product not in accordance with specification) is open',
    );
  });

  it('describes a closed issue with its resume date', () => {
    const closed: IssueHold = {
      ...base,
      status: 'resuming',
      closedAs: 'resolved',
      closedOn: '2026-12-01',
      resumesOn: '2026-12-08',
    };

    expect(describeIssueHold(closed)).toBe(
      'Issue 12 was resolved on 2026-12-01; dunning resumes on 2026-12-08',
    );
    expect(describeIssueHold({ ...closed, closedAs: 'rejected' })).toBe(
      'Issue 12 was rejected on 2026-12-01; dunning resumes on 2026-12-08',
    );
  });
});
