import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { evaluatePromises } from '../promises/evaluate-promises.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { runDunningRespectingGoLive, type DunningRunResult } from './run-dunning.ts';
import {
  ACTOR,
  createTenant,
  holdDebtor,
  insertDebtor,
  insertInvoice,
  insertProfileSegment,
  insertPromise,
  readMessages,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from './test-factories.ts';

let testDatabase: TestDatabase;
let tenant: TestTenant;

/**
 * Every debtor has one invoice of 100.00 due on 2024-04-01 and the profile
 * reminds at 7 and 21 days. D-HELD is held until 2024-05-10, D-LIFTED was
 * held until the day before the first run, D-UNTIL-LIFTED is held without
 * an end, D-PROMISED promised 100.00 by 2024-05-05, D-PAST promised by
 * 2024-04-30 (before the first run) and D-FREE has nothing.
 */
beforeAll(async () => {
  testDatabase = await createTestDatabase();
  tenant = await createTenant(testDatabase.database, 'debtor-hold');
  await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Holds',
      steps: [
        { name: 'Reminder', dayOffset: 7 },
        { name: 'Second', dayOffset: 21 },
      ],
    });
    const debtorIds = new Map<string, string>();
    for (const number of [
      'D-FREE',
      'D-HELD',
      'D-LIFTED',
      'D-PAST',
      'D-PROMISED',
      'D-UNTIL-LIFTED',
    ]) {
      const debtorId = await insertDebtor(trx, tenant, { number, segmentId });
      debtorIds.set(number, debtorId);
      await insertInvoice(trx, tenant, {
        debtorId,
        number: `${number}-1`,
        dueDate: '2024-04-01',
        amount: '100.00',
      });
    }
    const id = (number: string) => debtorIds.get(number) ?? '';
    await holdDebtor(trx, {
      debtorId: id('D-HELD'),
      reason: 'talks with the director',
      until: '2024-05-10',
    });
    await holdDebtor(trx, {
      debtorId: id('D-LIFTED'),
      reason: 'payment plan',
      until: '2024-04-30',
    });
    await holdDebtor(trx, {
      debtorId: id('D-UNTIL-LIFTED'),
      reason: 'bankruptcy filed',
      until: null,
    });
    await insertPromise(trx, tenant, {
      debtorId: id('D-PROMISED'),
      promisedDate: '2024-05-05',
      amount: '100.00',
      createdAt: '2024-04-28T10:00:00Z',
    });
    await insertPromise(trx, tenant, {
      debtorId: id('D-PAST'),
      promisedDate: '2024-04-30',
      amount: '100.00',
      createdAt: '2024-04-20T10:00:00Z',
    });
  });
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

function run(asOf: string, options: { dryRun?: boolean; includeOnHold?: boolean } = {}) {
  return withOrganisation(
    testDatabase.database,
    tenant.organisationId,
    (trx): Promise<DunningRunResult> =>
      runDunningRespectingGoLive(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entity.id,
        asOf,
        dryRun: options.dryRun ?? false,
        includeOnHold: options.includeOnHold,
        actor: ACTOR,
      }),
  );
}

async function messagesOn(runDate: string) {
  const messages = await readMessages(testDatabase.database, tenant);
  return messages
    .filter((message) => message.runDate === runDate)
    .map((message) => [message.debtorNumber, message.step]);
}

function heldList(result: DunningRunResult) {
  return result.onHold.map((held) => [held.debtorNumber, held.holdReason]);
}

describe('runDunning debtor and promise holds', () => {
  it('include-on-hold does not lift them', async () => {
    const result = await run('2024-05-01', { dryRun: true, includeOnHold: true });

    expect(heldList(result)).toEqual([
      ['D-HELD', 'debtor held: talks with the director, until 2024-05-10'],
      ['D-PROMISED', 'promise to pay of 100.00 EUR by 2024-05-05'],
      ['D-UNTIL-LIFTED', 'debtor held: bankruptcy filed'],
    ]);
  });

  it('makes nothing for held debtors', async () => {
    const result = await run('2024-05-01');

    expect(await messagesOn('2024-05-01')).toEqual([
      ['D-FREE', 'Second'],
      ['D-LIFTED', 'Second'],
      ['D-PAST', 'Second'],
    ]);
    expect(result.messages).toEqual({ created: 3, skipped: 3 });
    expect(heldList(result)).toEqual([
      ['D-HELD', 'debtor held: talks with the director, until 2024-05-10'],
      ['D-PROMISED', 'promise to pay of 100.00 EUR by 2024-05-05'],
      ['D-UNTIL-LIFTED', 'debtor held: bankruptcy filed'],
    ]);
  });

  it('stores held steps as on hold', async () => {
    const skipped = await withOrganisation(
      testDatabase.database,
      tenant.organisationId,
      async (trx) => {
        const row = await trx
          .selectFrom('dunning_runs')
          .select('skipped')
          .where('run_date', '=', '2024-05-01')
          .executeTakeFirstOrThrow();
        return row.skipped as Array<Record<string, unknown>>;
      },
    );

    expect(skipped.map((entry) => [entry.debtorNumber, entry.step, entry.reason])).toEqual([
      ['D-HELD', 'Second', 'on_hold'],
      ['D-PROMISED', 'Second', 'on_hold'],
      ['D-UNTIL-LIFTED', 'Second', 'on_hold'],
    ]);
  });

  it('resumes once the promise is broken', async () => {
    const evaluation = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      evaluatePromises(trx, {
        organisationId: tenant.organisationId,
        now: new Date('2024-05-06T09:00:00Z'),
        actor: ACTOR,
      }),
    );
    const result = await run('2024-05-10');

    expect(evaluation).toEqual({ kept: 0, broken: 2 });
    expect(await messagesOn('2024-05-10')).toEqual([['D-PROMISED', 'Second']]);
    expect(heldList(result).map(([debtor]) => debtor)).toEqual(['D-HELD', 'D-UNTIL-LIFTED']);
  });

  it('resumes the day after the hold ends', async () => {
    const result = await run('2024-05-11');

    expect(await messagesOn('2024-05-11')).toEqual([['D-HELD', 'Second']]);
    expect(heldList(result)).toEqual([['D-UNTIL-LIFTED', 'debtor held: bankruptcy filed']]);
  });
});
