import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { withOrganisation } from '../../db/tenant.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from '../../dunning/test-factories.ts';
import type { DunningRunResult } from '../../dunning/run-dunning.ts';
import { createLogger } from '../../logger.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { CommandContext } from '../command.ts';
import { dunningRunCommand } from './dunning-run.ts';

describe('dunning run command', () => {
  let testDatabase: TestDatabase;
  let tenant: TestTenant;
  let context: CommandContext;

  // One debtor with one invoice on hold by the hold code DSP, 30 days past due on 2024-05-01.
  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    tenant = await createTenant(testDatabase.database, 'cli-on-hold');
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-700' });
      await insertInvoice(trx, tenant, {
        debtorId,
        number: 'E1',
        dueDate: '2024-04-01',
        amount: '300.00',
        holdReason: 'DSP',
      });
    });
    context = {
      config: loadConfig({}),
      logger: createLogger('silent'),
      actor: 'cli:test',
      database: () => Promise.resolve(testDatabase.database),
      organisationId: () => Promise.resolve(tenant.organisationId),
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await testDatabase.drop();
  });

  const run = async (values: Record<string, string | boolean>) => {
    const output = await dunningRunCommand.run(
      context,
      { entity: tenant.entity.code, date: '2024-05-01', 'dry-run': true, ...values },
      [],
    );
    return output.json as DunningRunResult;
  };

  it('rejects a date outside 2000 to 2099', async () => {
    for (const date of ['1900-01-01', '9999-12-31']) {
      const running = run({ date });

      await expect(running, date).rejects.toMatchObject({ code: 'invalid_arguments' });
      await expect(running, date).rejects.toThrow(
        `--date "${date}" is outside the supported range; use a date from 2000-01-01 to 2099-12-31.`,
      );
    }
  });

  it('leaves invoices on hold out by default', async () => {
    const result = await run({});

    expect(result.messages).toEqual({ created: 0, skipped: 1 });
  });

  it('lists held invoices in --json', async () => {
    const result = await run({});

    expect(result.onHoldTotal).toBe(1);
    expect(result.onHold).toEqual([
      {
        debtorNumber: 'D-700',
        debtorName: expect.any(String),
        invoiceNumber: 'E1',
        holdReason: 'DSP',
      },
    ]);
  });

  it('shows held invoices in the text output', async () => {
    const output = await dunningRunCommand.run(
      context,
      { entity: tenant.entity.code, date: '2024-05-01', 'dry-run': true },
      [],
    );

    expect(output.text).toContain('On hold: 1 invoice left out');
    expect(output.text).toMatch(/^ {2}E1 \(debtor D-700.*\): DSP$/m);
  });

  it('shows no on-hold section with --include-on-hold', async () => {
    const output = await dunningRunCommand.run(
      context,
      { entity: tenant.entity.code, date: '2024-05-01', 'dry-run': true, 'include-on-hold': true },
      [],
    );

    expect(output.text).not.toContain('On hold');
  });

  it('reminds them with --include-on-hold', async () => {
    const result = await run({ 'include-on-hold': true });

    expect(result.messages).toEqual({ created: 1, skipped: 0 });
    expect(result.dryRun).toBe(true);
  });
});
