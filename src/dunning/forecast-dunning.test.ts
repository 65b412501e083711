import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addDays } from '../dates/plain-date.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { SkippedStep } from './dunning-types.ts';
import {
  FORECAST_CHANNELS,
  forecastDunning,
  type ChannelCounts,
  type DunningForecast,
  type ForecastCounts,
} from './forecast-dunning.ts';
import {
  FORECAST_CLOSING_DAY,
  FORECAST_START,
  seedForecastTenant,
} from './forecast-test-factories.ts';
import { createTenant, runOn, SETUP_TIMEOUT_MS, type TestTenant } from './test-factories.ts';

const DAYS = 30;

function forecast(
  database: DatabaseHandle,
  tenant: TestTenant,
  params: { from?: string; days?: number } = {},
): Promise<DunningForecast> {
  return withOrganisation(database, tenant.organisationId, (trx) =>
    forecastDunning(trx, {
      entityId: tenant.entity.id,
      from: params.from ?? FORECAST_START,
      days: params.days ?? DAYS,
    }),
  );
}

/**
 * Counts what the written run of `date` created per channel, from its
 * messages and call tasks, and the messages that remind an instalment.
 */
async function createdOn(
  database: DatabaseHandle,
  tenant: TestTenant,
  date: string,
): Promise<ForecastCounts> {
  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const counts: ForecastCounts = {
      email: 0,
      letter: 0,
      sms: 0,
      call: 0,
      fax: 0,
      handover: 0,
      instalmentReminders: 0,
    };
    const messages = await trx
      .selectFrom('messages as m')
      .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
      .select([
        'm.channel',
        (eb) => eb.fn.countAll<string>().as('count'),
        (eb) => eb.fn.count<string>('m.instalment_id').as('instalments'),
      ])
      .where('r.run_date', '=', date)
      .groupBy('m.channel')
      .execute();
    for (const row of messages) {
      counts[row.channel] = Number(row.count);
      counts.instalmentReminders += Number(row.instalments);
    }
    const calls = await trx
      .selectFrom('call_tasks as c')
      .innerJoin('dunning_runs as r', 'r.id', 'c.run_id')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('r.run_date', '=', date)
      .executeTakeFirstOrThrow();
    counts.call = Number(calls.count);

    return counts;
  });
}

async function countRuns(database: DatabaseHandle, tenant: TestTenant): Promise<number> {
  const row = await withOrganisation(database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('dunning_runs')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.count);
}

async function readSkippedReasons(
  database: DatabaseHandle,
  tenant: TestTenant,
): Promise<Set<string>> {
  const runs = await withOrganisation(database, tenant.organisationId, (trx) =>
    trx.selectFrom('dunning_runs').select('skipped').execute(),
  );
  return new Set(
    runs.flatMap((run) => (run.skipped as SkippedStep[]).map((entry) => entry.reason)),
  );
}

/**
 * Reads every message and call task of the tenant with its debtor, step,
 * channel and run date. An instalment reminder has step "instalment".
 */
async function readContacts(
  database: DatabaseHandle,
  tenant: TestTenant,
): Promise<Array<{ number: string; step: string; channel: string; date: string }>> {
  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const messages = await trx
      .selectFrom('messages as m')
      .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
      .leftJoin('steps as s', 's.id', 'm.step_id')
      .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
      .select([
        'd.number',
        sql<string>`coalesce(s.name, 'instalment')`.as('step'),
        'm.channel',
        'r.run_date as date',
      ])
      .orderBy('r.run_date')
      .execute();
    const calls = await trx
      .selectFrom('call_tasks as c')
      .innerJoin('debtors as d', 'd.id', 'c.debtor_id')
      .innerJoin('steps as s', 's.id', 'c.step_id')
      .select([
        'd.number',
        's.name as step',
        sql<string>`'call'`.as('channel'),
        'c.due_date as date',
      ])
      .execute();

    return [...messages, ...calls];
  });
}

function countsOf(day: ForecastCounts): ForecastCounts {
  const channels = Object.fromEntries(
    FORECAST_CHANNELS.map((channel) => [channel, day[channel]]),
  ) as ChannelCounts;

  return { ...channels, instalmentReminders: day.instalmentReminders };
}

/**
 * The heart of the forecast: for every one of 30 days, the forecast equals
 * what the real run of that day then creates, per channel. The seeded
 * tenant's runs use e-mail (with the letter fallback), SMS, call tasks and
 * per-invoice letters, wait between steps, and meet the weekly contact
 * limit, weekends and a closing day.
 */
describe('dunning forecast', () => {
  let testDatabase: TestDatabase;
  let tenant: TestTenant;
  let empty: TestTenant;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    tenant = await seedForecastTenant(testDatabase.database, 'forecast');
    empty = await createTenant(testDatabase.database, 'forecast-empty', {
      workingDays: [1, 2, 3, 4, 5],
    });
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  it('equals the runs of each of 30 days', async () => {
    const { database } = testDatabase;
    const predicted = await forecast(database, tenant);
    expect(await countRuns(database, tenant)).toBe(0);

    const actual: Array<ForecastCounts & { date: string }> = [];
    for (let index = 0; index < DAYS; index += 1) {
      const date = addDays(FORECAST_START, index);
      await runOn(database, tenant, date);
      actual.push({ date, ...(await createdOn(database, tenant, date)) });
    }

    expect(predicted.days.map((day) => ({ date: day.date, ...countsOf(day) }))).toEqual(actual);
    // A seed with few messages would prove little, so the figures must show every rule at work.
    const totals = predicted.totals;
    expect(totals.email).toBeGreaterThan(10);
    expect(totals.letter).toBeGreaterThan(5);
    expect(totals.sms).toBeGreaterThan(3);
    expect(totals.call).toBeGreaterThan(3);
    expect(predicted.days.filter((day) => sumOf(day) > 0).length).toBeGreaterThan(12);
    // A-1's 3 weekly instalments and A-2's 2 monthly ones are each reminded once.
    expect(totals.instalmentReminders).toBe(5);
    expect(await readSkippedReasons(database, tenant)).toContain('contact_limit');
  }, 300_000);

  it('met the dated changes inside the forecast', async () => {
    const contacts = await readContacts(testDatabase.database, tenant);
    const of = (number: string) => contacts.filter((contact) => contact.number === number);

    // The debtor hold lasts through 9 days after the start.
    expect(of('H-1').length).toBeGreaterThan(0);
    expect(of('H-1').every((contact) => contact.date > addDays(FORECAST_START, 9))).toBe(true);
    // The payment 6 days after the start ends the dunning of P-1.
    expect(of('P-1').length).toBeGreaterThan(0);
    expect(of('P-1').every((contact) => contact.date < addDays(FORECAST_START, 6))).toBe(true);
    // The open promise holds P-2 through its date, 3 days after the start.
    expect(of('P-2').length).toBeGreaterThan(0);
    expect(of('P-2').every((contact) => contact.date > addDays(FORECAST_START, 3))).toBe(true);
    // A-1's instalments fall due on Mondays and are reminded by e-mail on the due date,
    // because the day before is a Sunday.
    expect(of('A-1').filter((contact) => contact.step === 'instalment')).toEqual(
      [7, 14, 21].map((offset) => ({
        number: 'A-1',
        step: 'instalment',
        channel: 'email',
        date: addDays(FORECAST_START, offset),
      })),
    );
    expect(of('A-1').some((contact) => contact.step !== 'instalment')).toBe(true);
    // A-2 has no e-mail address, so its reminders are letters: one on the first day for the
    // instalment due the day after, one 3 days before the second, a month later.
    expect(of('A-2')).toEqual([
      { number: 'A-2', step: 'instalment', channel: 'letter', date: FORECAST_START },
      { number: 'A-2', step: 'instalment', channel: 'letter', date: '2025-06-30' },
    ]);
    // The broken promise puts P-3 on the stricter profile.
    expect(of('P-3').length).toBeGreaterThan(0);
    expect(of('P-3').every((contact) => contact.step.startsWith('forecast-strict'))).toBe(true);
  });

  it('gives the reason of every day without sending', async () => {
    const predicted = await forecast(testDatabase.database, tenant);
    const saturday = predicted.days.find((day) => day.date === '2025-06-07');
    const closed = predicted.days.find((day) => day.date === FORECAST_CLOSING_DAY);

    expect(predicted.days).toHaveLength(DAYS);
    expect(predicted.days.filter((day) => day.notSendingDay)).toHaveLength(9);
    expect(saturday).toMatchObject({
      email: 0,
      call: 0,
      notSendingDay: {
        kind: 'not_working_day',
        reason: 'Saturday is not a working day',
        nextSendingDay: '2025-06-09',
      },
    });
    expect(closed?.notSendingDay).toMatchObject({
      kind: 'closing_day',
      nextSendingDay: '2025-06-23',
    });
  });

  it('forecasts 30 days of zeros for an entity without open invoices', async () => {
    const predicted = await forecast(testDatabase.database, empty);

    expect(predicted.days).toHaveLength(DAYS);
    expect(predicted.days.map(sumOf)).toEqual(Array.from({ length: DAYS }, () => 0));
    expect(predicted.totals).toEqual({
      email: 0,
      letter: 0,
      sms: 0,
      call: 0,
      fax: 0,
      handover: 0,
      instalmentReminders: 0,
    });
  });

  it('rejects days outside 1 to 90', async () => {
    await expect(forecast(testDatabase.database, empty, { days: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(forecast(testDatabase.database, empty, { days: 91 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('rejects a start date that is no date', async () => {
    await expect(
      forecast(testDatabase.database, empty, { from: '2025-02-30' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('YYYY') });
  });
});

function sumOf(day: ChannelCounts): number {
  return FORECAST_CHANNELS.reduce((sum, channel) => sum + day[channel], 0);
}
