import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertPayment,
  insertProfileSegment,
  readMessages,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../dunning/test-factories.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { readCharges, setStepCharges } from './charge-test-factories.ts';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

/**
 * Creates a consumer with an invoice of 1,000.00 due Monday 10 February 2025, and a
 * profile whose fourteen-day letter goes by post on Monday 3 March (day 21)
 * and whose final notice adds collection costs on Friday 7 March (day 25).
 * Letters are delivered one working day (Monday to Friday) after posting.
 */
async function consumerTenant(
  slug: string,
): Promise<{ tenant: TestTenant; debtorId: string; invoiceId: string }> {
  const tenant = await createTenant(testDatabase.database, slug, {
    workingDays: [1, 2, 3, 4, 5],
    holidayCalendar: null,
  });
  return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
    await trx
      .updateTable('entities')
      .set({ letter_delivery_working_days: 1 })
      .where('id', '=', tenant.entity.id)
      .execute();
    const segmentId = await insertProfileSegment(trx, tenant, {
      name: 'Consumers',
      steps: [
        { name: 'Fourteen-day letter', dayOffset: 21, channel: 'letter' },
        { name: 'Final notice', dayOffset: 25, addsCollectionCosts: true },
      ],
    });
    await setStepCharges(trx, tenant, 'Fourteen-day letter', { isFourteenDayLetter: true });
    const debtorId = await insertDebtor(trx, tenant, {
      number: 'C-1',
      kind: 'b2c',
      segmentId,
      addressLine: 'Kerkstraat 1',
      postalCode: '1011 AB',
      city: 'Amsterdam',
    });
    const invoiceId = await insertInvoice(trx, tenant, {
      debtorId,
      number: 'F-1',
      dueDate: '2025-02-10',
      amount: '1000.00',
    });
    return { tenant, debtorId, invoiceId };
  });
}

/** Marks the tenant's letters sent at `sentAt`, as printing them does. */
async function markLettersSent(tenant: TestTenant, sentAt: string): Promise<void> {
  await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
    trx
      .updateTable('messages')
      .set({ status: 'sent', sent_at: new Date(sentAt) })
      .where('channel', '=', 'letter')
      .execute(),
  );
}

describe('collection costs of consumers', () => {
  it('charged after the fourteen-day term', async () => {
    const { tenant, debtorId, invoiceId } = await consumerTenant('consumer-term');

    await runOn(testDatabase.database, tenant, '2025-03-03');
    await markLettersSent(tenant, '2025-03-03T14:00:00Z');
    await runOn(testDatabase.database, tenant, '2025-03-07');
    await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      insertPayment(trx, tenant, { debtorId, invoiceId, date: '2025-03-10', amount: '400.00' }),
    );
    await runOn(testDatabase.database, tenant, '2025-03-18');
    const beforeTermEnd = await readCharges(testDatabase.database, tenant);
    await runOn(testDatabase.database, tenant, '2025-03-19');
    await runOn(testDatabase.database, tenant, '2025-03-20');
    const charges = await readCharges(testDatabase.database, tenant);
    const messages = await readMessages(testDatabase.database, tenant);

    expect(messages.map((message) => message.step)).toEqual([
      'Fourteen-day letter',
      'Final notice',
    ]);
    expect(beforeTermEnd).toHaveLength(0);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({
      kind: 'collection_costs',
      step: 'Final notice',
      chargedOn: '2025-03-19',
      amountMinor: 9_000,
    });
    expect(charges[0]?.calculation).toMatchObject({
      principalMinor: 60_000,
      fourteenDayLetter: {
        sentOn: '2025-03-03',
        deliveredOn: '2025-03-04',
        termStart: '2025-03-05',
        termEnd: '2025-03-18',
        costsFrom: '2025-03-19',
      },
    });
  });

  it('no costs without a sent letter', async () => {
    const { tenant } = await consumerTenant('consumer-unsent');

    await runOn(testDatabase.database, tenant, '2025-03-03');
    await runOn(testDatabase.database, tenant, '2025-03-07');
    await runOn(testDatabase.database, tenant, '2025-03-19');

    expect(await readCharges(testDatabase.database, tenant)).toHaveLength(0);
  });
});

describe('interest over a rate schedule', () => {
  it('three rate changes in 2023', async () => {
    const tenant = await createTenant(testDatabase.database, 'rate-schedule');
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      await trx
        .insertInto('interest_rate_tables')
        .values({
          organisation_id: tenant.organisationId,
          kind: 'commercial',
          covered_through: '2023-12-31',
          updated_by: 'test',
        })
        .execute();
      await trx
        .insertInto('interest_rates')
        .values(
          [
            ['2023-01-01', 500],
            ['2023-04-01', 600],
            ['2023-07-01', 800],
          ].map(([from, basisPoints]) => ({
            organisation_id: tenant.organisationId,
            kind: 'commercial' as const,
            valid_from: String(from),
            basis_points: Number(basisPoints),
          })),
        )
        .execute();
      const segmentId = await insertProfileSegment(trx, tenant, {
        name: 'Yearly interest',
        steps: [{ name: 'Interest after a year', dayOffset: 365, addsInterest: true }],
      });
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-1', segmentId });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'F-1',
        invoiceDate: '2022-12-01',
        dueDate: '2022-12-31',
        amount: '10000.00',
      });
    });

    await runOn(testDatabase.database, tenant, '2023-12-31');
    const [charge] = await readCharges(testDatabase.database, tenant);
    const calculation = charge?.calculation as {
      tableSource: string;
      periods: Array<{ from: string; to: string; basisPoints: number; interestMinor: number }>;
      beyondTable?: unknown;
    };

    expect(charge?.amountMinor).toBe(67_616);
    expect(calculation.tableSource).toBe('organisation');
    expect(calculation.periods).toEqual([
      expect.objectContaining({
        from: '2023-01-01',
        to: '2023-03-31',
        basisPoints: 500,
        interestMinor: 12_329,
      }),
      expect.objectContaining({
        from: '2023-04-01',
        to: '2023-06-30',
        basisPoints: 600,
        interestMinor: 14_959,
      }),
      expect.objectContaining({
        from: '2023-07-01',
        to: '2023-12-31',
        basisPoints: 800,
        interestMinor: 40_329,
      }),
    ]);
    expect(calculation.beyondTable).toBeUndefined();
  });
});
