import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { SkippedStep } from './dunning-types.ts';
import {
  createTenant,
  insertDebtor,
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  readMessages,
  resolveIssue,
  runOn,
  SETUP_TIMEOUT_MS,
  type TestTenant,
} from './test-factories.ts';

/*
 * The rule: an invoice on hold gets no reminder, no collection costs and no
 * call task, while the debtor's other invoices are reminded as usual. An
 * import hold code (invoices.hold_reason, such as the dispute code DSP)
 * pauses dunning by default. So does an issue of a category that pauses
 * dunning, while the issue is open and after it closes until closed_on +
 * the category's resume_after_days, that date excluded. A run
 * with includeOnHold reminds invoices on hold like the others. When a hold
 * ends, the invoice gets only the furthest step due by then, once, and its
 * amount is the open amount alone, with nothing added for the held period.
 *
 * The default profile of a new organisation has the steps courtesy (-3 days),
 * first reminder (+7), second reminder (+21), final notice (+35, letter) and
 * phone call (+42, call task).
 */

let testDatabase: TestDatabase;
let database: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  database = testDatabase.database;
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await testDatabase.drop();
});

type HoldKind = 'hold code' | 'issue';

interface HoldCase {
  tenant: TestTenant;
  /** Ends the hold of E1: clears the hold code, or resolves the issue with no resume delay. */
  releaseE1: (on: string) => Promise<void>;
  /** How E1 and E2 are described as on hold. */
  reasonE1: string;
  reasonE2: string;
}

/**
 * D-700 has E1 300.00 on hold; D-701 has E2 200.00 on hold and E3 150.00
 * not on hold; all due 2024-04-01. With `issue`, D-700 has a whole-debtor
 * issue and D-701 an issue on E2 alone, both of a pausing category.
 */
async function seedHoldCase(slug: string, kind: HoldKind): Promise<HoldCase> {
  const tenant = await createTenant(database, slug);

  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const d700 = await insertDebtor(trx, tenant, { number: 'D-700' });
    const d701 = await insertDebtor(trx, tenant, { number: 'D-701' });
    const holdReason = kind === 'hold code' ? 'DSP' : null;
    const dueDate = '2024-04-01';
    const e1 = await insertInvoice(trx, tenant, {
      debtorId: d700,
      number: 'E1',
      dueDate,
      amount: '300.00',
      holdReason,
    });
    const e2 = await insertInvoice(trx, tenant, {
      debtorId: d701,
      number: 'E2',
      dueDate,
      amount: '200.00',
      holdReason,
    });
    await insertInvoice(trx, tenant, { debtorId: d701, number: 'E3', dueDate, amount: '150.00' });

    if (kind === 'hold code') {
      return {
        tenant,
        reasonE1: 'DSP',
        reasonE2: 'DSP',
        releaseE1: () =>
          withOrganisation(database, tenant.organisationId, async (release) => {
            await release
              .updateTable('invoices')
              .set({ hold_reason: null, hold_until: null })
              .where('id', '=', e1)
              .execute();
          }),
      };
    }

    const categoryId = await insertIssueCategory(trx, tenant, {
      name: 'Product not in accordance with specification',
      pausesDunning: true,
      resumeAfterDays: 0,
    });
    const wholeDebtor = await insertIssue(trx, tenant, {
      debtorId: d700,
      categoryId,
      invoiceIds: [],
    });
    const onE2 = await insertIssue(trx, tenant, { debtorId: d701, categoryId, invoiceIds: [e2] });
    const open = (issueNumber: number) =>
      `Issue ${issueNumber} (Product not in accordance with specification) is open`;

    return {
      tenant,
      reasonE1: open(wholeDebtor.number),
      reasonE2: open(onE2.number),
      releaseE1: (on: string) =>
        withOrganisation(database, tenant.organisationId, (release) =>
          resolveIssue(release, { issueId: wholeDebtor.id, closedOn: on }),
        ),
    };
  });
}

function lastRunSkipped(tenant: TestTenant): Promise<SkippedStep[]> {
  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const run = await trx
      .selectFrom('dunning_runs')
      .select('skipped')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return run.skipped as SkippedStep[];
  });
}

function countCallTasks(tenant: TestTenant): Promise<number> {
  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const rows = await trx.selectFrom('call_tasks').select('id').execute();
    return rows.length;
  });
}

function reachedSteps(tenant: TestTenant, invoiceNumber: string): Promise<string[]> {
  return withOrganisation(database, tenant.organisationId, async (trx) => {
    const rows = await trx
      .selectFrom('dunning_states as ds')
      .innerJoin('invoices as i', 'i.id', 'ds.invoice_id')
      .innerJoin('steps as s', 's.id', 'ds.step_id')
      .select('s.name')
      .where('i.number', '=', invoiceNumber)
      .orderBy('s.day_offset')
      .execute();
    return rows.map((row) => row.name);
  });
}

describe.each<HoldKind>(['hold code', 'issue'])('runDunning with a %s', (kind) => {
  const slug = kind === 'hold code' ? 'hold-code' : 'issue-hold';

  it('leaves held invoices out and reminds the rest', async () => {
    const { tenant, reasonE1, reasonE2 } = await seedHoldCase(slug, kind);

    const summary = await runOn(database, tenant, '2024-05-01');
    const messages = await readMessages(database, tenant);
    const skipped = await lastRunSkipped(tenant);

    expect(summary.messages).toEqual({ created: 1, skipped: 1 });
    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-701', 15000],
    ]);
    const d701 = messages[0];
    expect(d701?.explanation.invoices.map((item) => item.number)).toEqual(['E3']);
    expect(d701?.explanation.onHold).toEqual([
      expect.objectContaining({ number: 'E2', open: '200.00', holdReason: reasonE2 }),
    ]);
    expect(d701?.explanation.reason).toContain(
      `Left out because they are on hold: E2 (${reasonE2}).`,
    );
    expect(skipped.map(({ debtorId: _id, ...rest }) => rest)).toEqual([
      {
        debtorNumber: 'D-700',
        currency: 'EUR',
        step: 'Second reminder',
        reason: 'on_hold',
        invoices: ['E1'],
        onHold: [{ number: 'E1', holdReason: reasonE1 }],
      },
    ]);
    expect(await reachedSteps(tenant, 'E1')).toEqual([]);
    expect(await reachedSteps(tenant, 'E2')).toEqual([]);
    expect(await countCallTasks(tenant)).toBe(0);
  });

  it('resumes at the level it would have reached once released', async () => {
    const { tenant, releaseE1 } = await seedHoldCase(`${slug}-release`, kind);
    await runOn(database, tenant, '2024-05-01');
    await releaseE1('2024-05-02');

    const summary = await runOn(database, tenant, '2024-05-02');
    const latest = (await readMessages(database, tenant)).filter(
      (message) => message.runDate === '2024-05-02',
    );

    expect(summary.messages.created).toBe(1);
    expect(latest.map((message) => [message.debtorNumber, message.step])).toEqual([
      ['D-700', 'Second reminder'],
    ]);
    // The amount asked is the open amount of E1 alone: no costs or interest for the held period.
    expect(latest[0]?.total).toBe(30000);
    expect(latest[0]?.explanation.invoices).toEqual([
      expect.objectContaining({ number: 'E1', amount: '300.00', open: '300.00' }),
    ]);
    expect(await reachedSteps(tenant, 'E1')).toEqual(['Second reminder']);
    expect(await countCallTasks(tenant)).toBe(0);
  });

  it('reminds held invoices with includeOnHold', async () => {
    const { tenant } = await seedHoldCase(`${slug}-include`, kind);

    const summary = await runOn(database, tenant, '2024-05-01', false, { includeOnHold: true });
    const messages = await readMessages(database, tenant);

    expect(summary.messages).toEqual({ created: 2, skipped: 0 });
    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-700', 30000],
      ['D-701', 35000],
    ]);
    expect(messages[1]?.explanation.invoices.map((item) => item.number)).toEqual(['E2', 'E3']);
    expect(messages[1]?.explanation.onHold).toEqual([]);
    expect(await lastRunSkipped(tenant)).toEqual([]);
  });
});

describe('runDunning with issue categories', () => {
  it('does not hold for a category that does not pause', async () => {
    const tenant = await createTenant(database, 'non-pausing');
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-710' });
      const invoiceId = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'F1',
        dueDate: '2024-04-01',
        amount: '120.00',
      });
      const categoryId = await insertIssueCategory(trx, tenant, {
        name: 'Address change',
        pausesDunning: false,
      });
      await insertIssue(trx, tenant, { debtorId, categoryId, invoiceIds: [invoiceId] });
      await insertIssue(trx, tenant, { debtorId, categoryId, invoiceIds: [] });
    });

    await runOn(database, tenant, '2024-05-01');
    const messages = await readMessages(database, tenant);

    expect(messages.map((message) => [message.debtorNumber, message.total])).toEqual([
      ['D-710', 12000],
    ]);
    expect(messages[0]?.explanation.onHold).toEqual([]);
  });

  it('holds through the resume delay, then sends one message', async () => {
    const tenant = await createTenant(database, 'resume-delay');
    const resolvedOn = '2024-05-10';
    const issue = await withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtorId = await insertDebtor(trx, tenant, { number: 'D-720' });
      const invoiceId = await insertInvoice(trx, tenant, {
        debtorId,
        number: 'G1',
        dueDate: '2024-04-20',
        amount: '410.00',
      });
      const categoryId = await insertIssueCategory(trx, tenant, {
        name: 'Wrong price',
        pausesDunning: true,
        resumeAfterDays: 7,
      });
      const opened = await insertIssue(trx, tenant, {
        debtorId,
        categoryId,
        invoiceIds: [invoiceId],
        openedOn: '2024-04-18',
      });
      await resolveIssue(trx, { issueId: opened.id, closedOn: resolvedOn });
      return opened;
    });

    const delayDates = [
      '2024-05-11',
      '2024-05-12',
      '2024-05-13',
      '2024-05-14',
      '2024-05-15',
      '2024-05-16',
    ];
    for (const asOf of delayDates) {
      const summary = await runOn(database, tenant, asOf);
      expect(summary.messages.created, asOf).toBe(0);
      expect(await lastRunSkipped(tenant), asOf).toEqual([
        expect.objectContaining({
          reason: 'on_hold',
          invoices: ['G1'],
          onHold: [
            {
              number: 'G1',
              holdReason: `Issue ${issue.number} was resolved on 2024-05-10; dunning resumes on 2024-05-17`,
            },
          ],
        }),
      ]);
    }
    expect(await readMessages(database, tenant)).toEqual([]);

    // 27 days past due: courtesy and first reminder were due earlier, but only the furthest step fires.
    const summary = await runOn(database, tenant, '2024-05-17');
    const messages = await readMessages(database, tenant);

    expect(summary.messages.created).toBe(1);
    expect(messages.map((message) => [message.runDate, message.step, message.total])).toEqual([
      ['2024-05-17', 'Second reminder', 41000],
    ]);
    expect(await reachedSteps(tenant, 'G1')).toEqual(['Second reminder']);

    const nextDay = await runOn(database, tenant, '2024-05-18');
    expect(nextDay.messages.created).toBe(0);
    expect(await countCallTasks(tenant)).toBe(0);
  });
});
