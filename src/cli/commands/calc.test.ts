import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { createLogger } from '../../logger.ts';
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
