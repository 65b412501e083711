import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { assignDebtorSegments } from '../segments/assign-debtor-segments.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  ACTOR,
  createTenant,
  insertDebtor,
  insertInvoice,
  insertProfile,
  insertProfileSegment,
  insertPromise,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

function inTenant<T>(tenant: TestTenant, work: Parameters<typeof withOrganisation<T>>[2]) {
  return withOrganisation(testDatabase.database, tenant.organisationId, work);
}

/**
 * Creates a tenant with profile "Normal" (reminders at 7 and 21 days, and a removed
 * step at 10) that escalates to "Strict" (letters at 5, 14 and 28 days) from
 * two broken promises. The segment "Business" uses "Normal" for b2b debtors.
 */
async function escalatingTenant(slug: string) {
  const tenant = await createTenant(testDatabase.database, slug);
  const segmentId = await inTenant(tenant, async (trx) => {
    const strictId = await insertProfile(trx, tenant, {
      name: 'Strict',
      steps: [
        { name: 'Strict reminder', dayOffset: 5, channel: 'letter' },
        { name: 'Strict letter', dayOffset: 14, channel: 'letter' },
        { name: 'Strict final', dayOffset: 28, channel: 'letter', addsCollectionCosts: true },
      ],
    });
    const id = await insertProfileSegment(trx, tenant, {
      name: 'Business',
      steps: [
        { name: 'Reminder', dayOffset: 7 },
        { name: 'Removed step', dayOffset: 10, removedAt: new Date('2024-01-01T00:00:00Z') },
        { name: 'Second', dayOffset: 21 },
      ],
      stricter: { profileId: strictId, threshold: 2 },
    });
    await trx
      .updateTable('succession_profiles')
      .set({ name: 'Normal' })
      .where('name', '=', 'Business')
      .execute();
    await trx
      .updateTable('segments')
      .set({
        priority: 1,
        rules: JSON.stringify([{ field: 'kind', operator: 'equals', value: 'b2b' }]),
      })
      .where('id', '=', id)
      .execute();
    return id;
  });

  return { tenant, segmentId };
}

/** Adds a debtor with one invoice of 100.00 due on `dueDate` and broken promises on `brokenOn`. */
async function debtorWithBrokenPromises(
  tenant: TestTenant,
  values: { number: string; dueDate: string; brokenOn: string[] },
) {
  await inTenant(tenant, async (trx) => {
    const debtorId = await insertDebtor(trx, tenant, { number: values.number });
    await insertInvoice(trx, tenant, {
      debtorId,
      number: `${values.number}-1`,
      dueDate: values.dueDate,
      amount: '100.00',
    });
    for (const promisedDate of values.brokenOn) {
      await insertPromise(trx, tenant, {
        debtorId,
        promisedDate,
        amount: '10.00',
        status: 'broken',
      });
    }
  });
}

function assignSegments(tenant: TestTenant, asOf: string) {
  return inTenant(tenant, (trx) =>
    assignDebtorSegments(trx, {
      organisationId: tenant.organisationId,
      entityId: tenant.entity.id,
      asOf,
      source: 'import',
      actor: ACTOR,
    }),
  );
}

describe('runDunning stricter profile', () => {
  it('applies from the threshold in 12 months', async () => {
    const { tenant } = await escalatingTenant('stricter-threshold');
    await debtorWithBrokenPromises(tenant, {
      number: 'D-2',
      dueDate: '2024-04-20',
      brokenOn: ['2024-03-01', '2024-04-01'],
    });
    await debtorWithBrokenPromises(tenant, {
      number: 'D-1',
      dueDate: '2024-04-20',
      brokenOn: ['2024-04-01'],
    });
    // 2023-05-01 lies exactly 12 months before the run date, so it no longer counts.
    await debtorWithBrokenPromises(tenant, {
      number: 'D-OLD',
      dueDate: '2024-04-20',
      brokenOn: ['2023-05-01', '2024-04-01'],
    });
    await assignSegments(tenant, '2024-05-01');

    await runOn(testDatabase.database, tenant, '2024-05-01');
    const messages = await readMessages(testDatabase.database, tenant);
    const steps = messages.map((message) => [message.debtorNumber, message.step]);
    const strict = messages.find((message) => message.debtorNumber === 'D-2')?.explanation;
    const normal = messages.find((message) => message.debtorNumber === 'D-1')?.explanation;

    expect(steps).toEqual([
      ['D-1', 'Reminder'],
      ['D-2', 'Strict reminder'],
      ['D-OLD', 'Reminder'],
    ]);
    expect(strict?.profile).toBe('Strict');
    expect(strict?.escalation).toEqual({
      originalProfile: 'Normal',
      brokenPromises: 2,
      threshold: 2,
    });
    expect(strict?.reason).toContain(
      'Profile "Strict" replaces "Normal" because the debtor has 2 broken promises to pay in the 12 months up to 2024-05-01 (threshold 2).',
    );
    expect(normal?.profile).toBe('Normal');
    expect(normal?.escalation).toBeUndefined();
  });

  it('explains segment, profile and step', async () => {
    const { tenant } = await escalatingTenant('stricter-explanation');
    await debtorWithBrokenPromises(tenant, {
      number: 'D-2',
      dueDate: '2024-04-01',
      brokenOn: ['2024-03-01', '2024-04-01'],
    });
    await assignSegments(tenant, '2024-05-01');

    await runOn(testDatabase.database, tenant, '2024-05-01');
    const [message] = await readMessages(testDatabase.database, tenant);
    const explanation = message?.explanation;

    expect(message?.step).toBe('Strict final');
    expect(explanation?.segment).toEqual({
      name: 'Business',
      basis: 'rule',
      reason: 'rule: kind equals b2b matched in segment "Business"',
    });
    expect(explanation?.scope).toBe('debtor');
    expect(explanation?.addsCollectionCosts).toBe(true);
    expect(explanation?.addsInterest).toBe(false);
    expect(explanation?.reason).toContain(
      'The debtor is in segment "Business" by its rules (rule: kind equals b2b matched in segment "Business").',
    );
    expect(explanation?.reason).toContain('of profile "Strict"');
    expect(explanation?.reason).toContain('The step adds collection costs.');
    expect(explanation?.reason).toContain('replaces "Normal"');
  });

  it('continues beyond the furthest reached offset', async () => {
    const { tenant } = await escalatingTenant('stricter-continues');
    await debtorWithBrokenPromises(tenant, {
      number: 'D-CONT',
      dueDate: '2024-04-01',
      brokenOn: [],
    });
    await debtorWithBrokenPromises(tenant, {
      number: 'D-STAY',
      dueDate: '2024-04-01',
      brokenOn: [],
    });
    await assignSegments(tenant, '2024-04-22');
    await runOn(testDatabase.database, tenant, '2024-04-22');

    // Step "Second" is taken off the profile after both invoices reached it,
    // and D-CONT then breaks two promises.
    await inTenant(tenant, async (trx) => {
      await trx
        .updateTable('steps')
        .set({ removed_at: new Date() })
        .where('name', '=', 'Second')
        .execute();
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('number', '=', 'D-CONT')
        .executeTakeFirstOrThrow();
      for (const promisedDate of ['2024-04-05', '2024-04-10']) {
        await insertPromise(trx, tenant, {
          debtorId: debtor.id,
          promisedDate,
          amount: '10.00',
          status: 'broken',
        });
      }
    });
    const before28 = await runOn(testDatabase.database, tenant, '2024-04-25');
    const at28 = await runOn(testDatabase.database, tenant, '2024-04-29');
    const messages = await readMessages(testDatabase.database, tenant);

    expect(before28.messages.created).toBe(0);
    expect(at28.messages.created).toBe(1);
    expect(
      messages.map((message) => [message.runDate, message.debtorNumber, message.step]),
    ).toEqual([
      ['2024-04-22', 'D-CONT', 'Second'],
      ['2024-04-22', 'D-STAY', 'Second'],
      ['2024-04-29', 'D-CONT', 'Strict final'],
    ]);
  });
});
