import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { forecastDunning } from '../../dunning/forecast-dunning.ts';
import { FORECAST_START, seedForecastTenant } from '../../dunning/forecast-test-factories.ts';
import { SETUP_TIMEOUT_MS, type TestTenant } from '../../dunning/test-factories.ts';
import { createLogger } from '../../logger.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';
import type { CommandContext } from '../command.ts';
import { dunningForecastCommand } from './dunning-forecast.ts';

const CHANNEL_KEYS = [
  'date',
  'email',
  'letter',
  'sms',
  'call',
  'fax',
  'handover',
  'instalmentReminders',
];

/**
 * The forecast command on the command line, as users run it: the exact
 * --json shape, the table and the exit code 2 with the option named for
 * bad arguments. The figures themselves are checked against the runs in
 * forecast-dunning.test.ts.
 */
describe('collecta dunning forecast', () => {
  let shared: SharedTestDatabase;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    await seedForecastTenant(shared.database, 'forecast-cli');
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await shared.destroy();
  });

  const collecta = (args: string[]) =>
    runCollectaInProcess(['dunning', 'forecast', ...args], {
      environment: { ...shared.environment, PATH: '/usr/bin:/bin', LOG_LEVEL: 'error' },
      database: shared.database,
    });

  it('--json prints counts per day', async () => {
    const result = await collecta(['--entity', 'E1', '--date', FORECAST_START, '--json']);
    const json = JSON.parse(result.stdout) as { days: Array<Record<string, unknown>> };

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(Object.keys(json)).toEqual(['days']);
    expect(json.days).toHaveLength(30);
    expect(json.days[0]?.date).toBe(FORECAST_START);
    expect(json.days[29]?.date).toBe('2025-07-01');
    for (const day of json.days) {
      expect(Object.keys(day)).toEqual(CHANNEL_KEYS);
    }
    // Saturday 7 June is no sending day, and is listed with zeros.
    expect(json.days[5]).toEqual({
      date: '2025-06-07',
      email: 0,
      letter: 0,
      sms: 0,
      call: 0,
      fax: 0,
      handover: 0,
      instalmentReminders: 0,
    });
    // A-2's instalment reminder is a letter of the first day.
    expect(json.days[0]?.instalmentReminders).toBe(1);
  });

  it('prints a table with reasons', async () => {
    const result = await collecta(['--entity', 'E1', '--date', FORECAST_START, '--days', '7']);
    const lines = result.stdout.trimEnd().split('\n');

    expect(result.exitCode).toBe(0);
    expect(lines[0]).toBe('Dunning forecast for E1, 7 days from 2025-06-02 (nothing written):');
    expect(lines[1]).toMatch(
      /^date\s+day\s+e-mail\s+letter\s+SMS\s+call\s+fax\s+handover\s+total\s+instalment reminders$/,
    );
    expect(lines).toHaveLength(2 + 7 + 1);
    expect(lines[7]).toBe('2025-06-07  Sat  no sending day: Saturday is not a working day');
    expect(lines[9]).toMatch(/^total\s+\d+\s+\d+\s+\d+\s+\d+\s+0\s+0\s+\d+\s+1$/);
  });

  it.each([
    [['--date', FORECAST_START, '--days', '0'], '--days "0"'],
    [['--date', FORECAST_START, '--days', '91'], '--days "91"'],
    [['--date', FORECAST_START, '--days', '1.5'], '--days "1.5"'],
    [['--date', '2025-02-30'], '--date "2025-02-30"'],
    [['--date', '1900-01-01'], '--date "1900-01-01" is outside the supported range'],
    [['--date', '9999-12-31'], '--date "9999-12-31" is outside the supported range'],
    [['--days', '-5'], '--days "-5"'],
  ])('exits with 2 for %j, naming the option', async (args, named) => {
    const result = await collecta(['--entity', 'E1', ...args]);

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).toMatch(/use /);
  });

  it('exits with 2 without --entity', async () => {
    const result = await collecta(['--date', FORECAST_START, '--json']);
    const json = JSON.parse(result.stdout) as { error: { code: string; message: string } };

    expect(result.exitCode).toBe(2);
    expect(json.error.code).toBe('invalid_arguments');
    expect(json.error.message).toContain('--entity');
  });
});

/** The command in process: its --json days equal the forecast module's. */
describe('dunning forecast command', () => {
  let shared: SharedTestDatabase;
  let tenant: TestTenant;
  let context: CommandContext;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    tenant = await seedForecastTenant(shared.database, 'forecast-in-process');
    context = {
      config: loadConfig({}),
      logger: createLogger('silent'),
      actor: 'cli:test',
      database: () => Promise.resolve(shared.database),
      organisationId: () => Promise.resolve(tenant.organisationId),
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await shared.destroy();
  });

  it('prints the module forecast', async () => {
    const output = await dunningForecastCommand.run(
      context,
      { entity: 'E1', date: FORECAST_START, days: '30' },
      [],
    );
    const expected = await withOrganisation(shared.database, tenant.organisationId, (trx) =>
      forecastDunning(trx, { entityId: tenant.entity.id, from: FORECAST_START, days: 30 }),
    );

    expect(output.json).toEqual({
      days: expected.days.map(({ notSendingDay: _reason, ...counts }) => counts),
    });
  });

  it('defaults to 30 days', async () => {
    const output = await dunningForecastCommand.run(
      context,
      { entity: 'E1', date: FORECAST_START },
      [],
    );

    expect((output.json as { days: unknown[] }).days).toHaveLength(30);
  });
});
