import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { saveInterestRateTable } from '../../interest/save-rate-table.ts';
import { createLogger } from '../../logger.ts';
import { createOrganisation } from '../../organisations/organisations.ts';
import {
  createSharedTestDatabase,
  runCollectaInProcess,
  type SharedTestDatabase,
} from '../../reports/child-process-database.ts';
import type { CommandContext } from '../command.ts';
import { calcCostsCommand, calcInterestCommand } from './calc.ts';

// The calculator needs no database; opening one would be a mistake.
const context: CommandContext = {
  config: loadConfig({}),
  logger: createLogger('silent'),
  actor: 'cli:test',
  database: () => Promise.reject(new Error('the calculator must not open the database')),
  organisationId: () => Promise.reject(new Error('the calculator needs no organisation')),
};

describe('collecta calc costs', () => {
  it.each([
    [{ principal: '3000.00' }, { net: '425.00', vat: '0.00', costs: '425.00' }],
    [
      { principal: '3000.00', vat: '21' },
      { net: '425.00', vat: '89.25', costs: '514.25' },
    ],
    [
      { principal: '100.00', vat: '21' },
      { net: '40.00', vat: '8.40', costs: '48.40' },
    ],
    [
      { principal: '1000.00', vat: '21' },
      { net: '150.00', vat: '31.50', costs: '181.50' },
    ],
    [
      { principal: '10000.00', vat: '21' },
      { net: '875.00', vat: '183.75', costs: '1058.75' },
    ],
    [
      { principal: '1000000.00', vat: '21' },
      { net: '6775.00', vat: '1422.75', costs: '8197.75' },
    ],
  ])('prints the costs of %j', async (values, expected) => {
    const result = await calcCostsCommand.run(context, values, []);
    expect(result.json).toEqual(expected);
  });

  it('rejects a principal with a decimal comma and names the option', async () => {
    await expect(calcCostsCommand.run(context, { principal: '3000,00' }, [])).rejects.toThrow(
      /--principal "3000,00"/,
    );
  });

  it('rejects a VAT rate that is not a percentage', async () => {
    const error = await calcCostsCommand
      .run(context, { principal: '10.00', vat: '21%' }, [])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_arguments');
  });

  it.each(['121', '100.01', '-1', '21.005'])('rejects --vat %s naming 0 to 100', async (vat) => {
    await expect(calcCostsCommand.run(context, { principal: '10.00', vat }, [])).rejects.toThrow(
      `--vat "${vat}" is not a percentage from 0 to 100; give the VAT rate with at most two decimals, such as 21 or 9.`,
    );
  });

  it('accepts --vat 0 and 100', async () => {
    const none = await calcCostsCommand.run(context, { principal: '100.00', vat: '0' }, []);
    const full = await calcCostsCommand.run(context, { principal: '100.00', vat: '100' }, []);

    expect(none.json).toEqual({ net: '40.00', vat: '0.00', costs: '40.00' });
    expect(full.json).toEqual({ net: '40.00', vat: '40.00', costs: '80.00' });
  });
});

/** The command line as users run it: parseArgs errors and negative values, exit code 2. */
describe('collecta calc on the command line', () => {
  // No database: the calculator must not open one.
  const collecta = (args: string[]) =>
    runCollectaInProcess(['calc', ...args], {
      environment: { PATH: '/usr/bin:/bin', LOG_LEVEL: 'error' },
    });

  it('names a negative principal', async () => {
    const result = await collecta(['costs', '--principal', '-5']);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'collecta: --principal "-5" is not greater than zero; give euros with a decimal point, such as 3000.00.\n',
    );
  });

  it('names an unknown option', async () => {
    const result = await collecta(['costs', '--principal', '5.00', '--foo', '--json']);

    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: {
        code: 'invalid_arguments',
        message: 'Unknown option --foo. Run "collecta calc costs --help" for the options.',
      },
    });
  });

  it('names a date past the range without a stack trace', async () => {
    const result = await collecta([
      'interest',
      '--principal',
      '100.00',
      '--from',
      '2024-01-01',
      '--to',
      '9999-12-31',
      '--kind',
      'commercial',
    ]);

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'collecta: --to "9999-12-31" is after 2099-12-31, the last day the calculator accepts; choose an earlier date.\n',
    );
  });
});

describe('collecta calc interest', () => {
  it('prints the periods with rate, base and rounded interest', async () => {
    const result = await calcInterestCommand.run(
      context,
      { principal: '10000.00', from: '2023-04-01', to: '2025-03-31', kind: 'commercial' },
      [],
    );

    expect(result.json).toEqual({
      interest: '2524.36',
      periods: [
        {
          from: '2023-04-01',
          to: '2023-06-30',
          days: 91,
          rate: '10.50',
          base: '10000.00',
          interest: '261.78',
        },
        {
          from: '2023-07-01',
          to: '2023-12-31',
          days: 184,
          rate: '12.00',
          base: '10000.00',
          interest: '604.93',
        },
        {
          from: '2024-01-01',
          to: '2024-03-31',
          days: 91,
          rate: '12.50',
          base: '10000.00',
          interest: '311.64',
        },
        {
          from: '2024-04-01',
          to: '2024-06-30',
          days: 91,
          rate: '12.50',
          base: '11178.36',
          interest: '348.37',
        },
        {
          from: '2024-07-01',
          to: '2024-12-31',
          days: 184,
          rate: '12.25',
          base: '11178.36',
          interest: '690.30',
        },
        {
          from: '2025-01-01',
          to: '2025-03-31',
          days: 90,
          rate: '11.15',
          base: '11178.36',
          interest: '307.33',
        },
      ],
    });
  });

  it('uses actact when asked', async () => {
    const result = await calcInterestCommand.run(
      context,
      {
        principal: '10000.00',
        from: '2023-04-01',
        to: '2025-03-31',
        kind: 'commercial',
        'day-count': 'actact',
      },
      [],
    );
    expect((result.json as { interest: string }).interest).toBe('2520.56');
  });

  it('warns when the period reaches past the rate table', async () => {
    const result = await calcInterestCommand.run(
      context,
      { principal: '100.00', from: '2025-01-01', to: '2026-01-31', kind: 'consumer' },
      [],
    );
    expect((result.json as { warning?: string }).warning).toMatch(/covers days up to 2025-06-30/);
    expect(result.text).toMatch(/^Warning: /m);
  });

  it('rejects an unknown kind and day count, naming the choices', async () => {
    const base = { principal: '100.00', from: '2024-01-01', to: '2024-12-31' };
    await expect(calcInterestCommand.run(context, { ...base, kind: 'b2b' }, [])).rejects.toThrow(
      /--kind "b2b" is not known; use commercial or consumer/,
    );
    await expect(
      calcInterestCommand.run(context, { ...base, kind: 'consumer', 'day-count': '30/360' }, []),
    ).rejects.toThrow(/use act365 or actact/);
  });

  it.each([
    ['to', { from: '2024-01-01', to: '2100-01-01' }],
    ['from', { from: '2100-01-01', to: '2100-12-31' }],
  ])('rejects --%s after 2099-12-31', async (option, dates) => {
    const values = { principal: '100.00', kind: 'commercial', ...dates };

    await expect(calcInterestCommand.run(context, values, [])).rejects.toThrow(
      `--${option} "${dates[option as 'from' | 'to']}" is after 2099-12-31, the last day the calculator accepts; choose an earlier date.`,
    );
  });

  it('accepts a period to 2099-12-31', async () => {
    const values = { principal: '100.00', from: '2024-01-01', to: '2099-12-31', kind: 'consumer' };

    const result = await calcInterestCommand.run(context, values, []);

    expect((result.json as { periods: unknown[] }).periods.length).toBeGreaterThan(75);
  });

  it('rejects amounts past exact cents', async () => {
    const values = {
      principal: '90000000000.00',
      from: '2003-01-01',
      to: '2099-12-31',
      kind: 'commercial',
    };

    await expect(calcInterestCommand.run(context, values, [])).rejects.toMatchObject({
      code: 'invalid_arguments',
      message: expect.stringMatching(/^The interest or its base exceeds EUR 90071992547409\.91/),
    });
  });

  it('rejects a last day before the first with the option name', async () => {
    await expect(
      calcInterestCommand.run(
        context,
        { principal: '100.00', from: '2024-02-01', to: '2024-01-01', kind: 'consumer' },
        [],
      ),
    ).rejects.toThrow(/^--to: 2024-01-01 lies before from 2024-02-01/);
  });
});

describe('collecta calc interest --kind contractual', () => {
  const base = { principal: '1000.00', from: '2023-01-01', to: '2024-12-31' };

  it('compounds the --rate yearly', async () => {
    const result = await calcInterestCommand.run(
      context,
      { ...base, kind: 'contractual', rate: '8', 'day-count': 'actact' },
      [],
    );

    // 80.00 in the first year, then 8% of 1,080.00 for the leap year 2024: 86.40.
    expect(result.json).toEqual({
      interest: '166.40',
      periods: [
        {
          from: '2023-01-01',
          to: '2023-12-31',
          days: 365,
          rate: '8.00',
          base: '1000.00',
          interest: '80.00',
        },
        {
          from: '2024-01-01',
          to: '2024-12-31',
          days: 366,
          rate: '8.00',
          base: '1080.00',
          interest: '86.40',
        },
      ],
    });
    expect(result.text).toMatch(/^Contractual interest \(actact\):/);
  });

  it('requires --rate', async () => {
    await expect(
      calcInterestCommand.run(context, { ...base, kind: 'contractual' }, []),
    ).rejects.toThrow(
      'missing required option --rate for --kind contractual; give the yearly rate in percent, such as 8 or 12.5.',
    );
  });

  it.each(['8%', '100.5', '-2', '8,5'])('rejects --rate %s', async (rate) => {
    await expect(
      calcInterestCommand.run(context, { ...base, kind: 'contractual', rate }, []),
    ).rejects.toThrow(`--rate "${rate}" is not a percentage from 0 to 100`);
  });

  it('rejects --rate with statutory interest', async () => {
    await expect(
      calcInterestCommand.run(context, { ...base, kind: 'consumer', rate: '8' }, []),
    ).rejects.toThrow(
      '--rate applies only to --kind contractual; consumer interest uses the statutory rate table.',
    );
  });
});

/** --organisation reads the stored rate table; without it the built-in table applies. */
describe('collecta calc interest --organisation', () => {
  let shared: SharedTestDatabase;

  beforeAll(async () => {
    shared = await createSharedTestDatabase();
    const organisation = await createOrganisation(shared.database, {
      live: true,
      slug: 'rates',
      name: 'Rates',
      actor: 'test',
    });
    await withOrganisation(shared.database, organisation.id, (trx) =>
      saveInterestRateTable(trx, {
        organisationId: organisation.id,
        actor: 'test',
        kind: 'commercial',
        coveredThrough: '2024-12-31',
        entries: [
          { from: '2024-01-01', basisPoints: 1250 },
          { from: '2024-07-01', basisPoints: 1300 },
        ],
      }),
    );
  });

  afterAll(async () => {
    await shared?.destroy();
  });

  const interest = (extra: string[]) =>
    runCollectaInProcess(
      [
        'calc',
        'interest',
        '--principal',
        '1000.00',
        '--from',
        '2024-06-01',
        '--to',
        '2025-01-31',
        '--kind',
        'commercial',
        '--json',
        ...extra,
      ],
      {
        environment: { ...shared.environment, PATH: '/usr/bin:/bin', LOG_LEVEL: 'error' },
        database: shared.database,
      },
    );

  it('uses the stored table and warns past it', async () => {
    const result = await interest(['--organisation', 'rates']);
    const json = JSON.parse(result.stdout) as {
      periods: Array<{ from: string; rate: string }>;
      warning?: string;
    };

    expect(result.exitCode).toBe(0);
    expect(json.periods.map((period) => [period.from, period.rate])).toEqual([
      ['2024-06-01', '12.50'],
      ['2024-07-01', '13.00'],
    ]);
    expect(json.warning).toBe(
      'The commercial rate table covers days up to 2024-12-31; later days use its last rate of 13.00%. Update the rate table.',
    );
  });

  it('uses the built-in table without --organisation', async () => {
    const result = await interest([]);
    const json = JSON.parse(result.stdout) as {
      periods: Array<{ from: string; rate: string }>;
      warning?: string;
    };

    expect(result.exitCode).toBe(0);
    expect(json.periods.map((period) => period.rate)).toEqual(['12.50', '12.25', '11.15']);
    expect(json.warning).toBeUndefined();
  });

  it('names an unknown organisation', async () => {
    const result = await interest(['--organisation', 'nobody']);

    expect(result.exitCode).not.toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: { message: expect.stringContaining('nobody') },
    });
  });
});
