import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { insertBatch, insertCallTask } from '../../src/home/test-factories.ts';
import { createLogger } from '../../src/logger.ts';
import { buildServer } from '../../src/server/app.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/test-database.ts';
import {
  buildWebApp,
  chromiumPath,
  hasChromium,
  listenOnFreePort,
  logIn,
  openBrowser,
  type BrowserSession,
} from './browser-session.ts';
import { createScreenshotWriter } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const credentials = { username: 'anna', password: 'correct horse battery' };

/**
 * The call tasks of the test, replacing those of the seeded runs. Priority
 * (open total × (100 + risk)) puts them in the order of this list. By
 * amount the order is Northwind, Bakkerij, Van den Berg, Keukenstudio, De Vries.
 */
const TASKS = [
  { number: 'D-1001', total: '600.00', risk: 90 },
  { number: 'D-1002', total: '1000.00', risk: 10 },
  { number: 'D-1005', total: '200.00', risk: 100 },
  { number: 'D-1004', total: '300.00', risk: null },
  { number: 'D-1003', total: '150.00', risk: 50 },
] as const;

/** Formats a plain date as typed into a date field in English, such as "12 December 2026". */
function typedDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(year, month - 1, day));
}

async function listedDebtors(page: Page): Promise<string[]> {
  const rows = page.getByTestId('call-table').locator('tbody tr');
  return rows.evaluateAll((elements) =>
    elements.map((element) => element.getAttribute('data-debtor') ?? ''),
  );
}

describe.skipIf(!hasChromium)('call list in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('call-list');

  const inTenant = <T>(work: Parameters<typeof withOrganisation<T>>[2]) =>
    withOrganisation(testDatabase.database, tenant.organisationId, work);
  const readTask = (debtorNumber: string) =>
    inTenant((trx) =>
      trx
        .selectFrom('call_tasks as t')
        .innerJoin('debtors as d', 'd.id', 't.debtor_id')
        .select(['t.status', 't.outcome', 't.attempts', 't.retry_on', 't.note'])
        .where('d.number', '=', debtorNumber)
        .where('t.status', '!=', 'cancelled')
        .executeTakeFirstOrThrow(),
    );
  const readWrongNumbers = () =>
    inTenant((trx) => trx.selectFrom('invalid_phone_numbers').select('number').execute());

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'calls', ...credentials });
    await inTenant(async (trx) => {
      const entity = await trx
        .selectFrom('entities')
        .selectAll()
        .where('id', '=', tenant.entityId)
        .executeTakeFirstOrThrow();
      await trx.updateTable('call_tasks').set({ status: 'cancelled' }).execute();
      for (const task of TASKS) {
        const debtor = await trx
          .updateTable('debtors')
          .set({ risk_score: task.risk })
          .where('number', '=', task.number)
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertCallTask(trx, entity, {
          debtorId: debtor.id,
          dueDate: addDays(tenant.today, -1),
          total: task.total,
        });
      }
      const process = await trx
        .insertInto('business_processes')
        .values({
          organisation_id: tenant.organisationId,
          name: 'Sales',
          names: JSON.stringify({ nl: 'Verkoop', en: 'Sales' }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('issue_categories')
        .values({
          organisation_id: tenant.organisationId,
          process_id: process.id,
          name: 'Price dispute',
          names: JSON.stringify({ nl: 'Prijsgeschil', en: 'Price dispute' }),
          pauses_dunning: true,
          days_to_resolve: 10,
          department_id: null,
          assignee_user_id: null,
          escalation_user_id: null,
          escalation_email: null,
        })
        .execute();
    });

    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
    await browser.page.goto(baseUrl);
    await logIn(browser.page, credentials);
    await browser.page.getByRole('heading', { name: 'Today' }).waitFor();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  it('orders by priority, then by amount', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/call-list`);
    await page.getByRole('heading', { name: 'Call list' }).waitFor();
    await page.getByTestId('call-table').waitFor();

    expect(await listedDebtors(page)).toEqual(TASKS.map((task) => task.number));
    expect(await page.getByTestId('sort-hint').textContent()).toContain(
      "open amount weighted by the debtor's risk score",
    );
    const first = page.locator('tr[data-debtor="D-1001"]');
    expect(await first.getByRole('link', { name: '+31 20 555 0101' }).getAttribute('href')).toBe(
      'tel:+31205550101',
    );
    expect(await first.textContent()).toContain('0 of 3');
    await screenshots.captureBothLanguages(page, 'priority');

    await page.getByTestId('call-sort').getByText('Amount', { exact: true }).click();
    await page.getByTestId('sort-hint').getByText('Highest open amount first').waitFor();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=call-table] tbody tr')?.getAttribute('data-debtor') ===
        'D-1002',
    );
    expect(await listedDebtors(page)).toEqual(['D-1002', 'D-1001', 'D-1004', 'D-1005', 'D-1003']);
  });

  it('no answer hides the call until the retry date', async () => {
    const { page } = browser;
    const row = page.locator('tr[data-debtor="D-1001"]');
    await row.getByRole('button', { name: 'No answer' }).click();
    const form = page.getByTestId('outcome-form-no_answer');
    expect(await form.getByTestId('outcome-effect').textContent()).toContain(
      "the entity's next working day",
    );
    await screenshots.captureBothLanguages(page, 'no-answer-form');
    await form.getByTestId('save-outcome').click();

    await page
      .getByText(/^No answer from Bakkerij De Korenaar B\.V\.: the call comes back on/)
      .waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await readTask('D-1001')).toMatchObject({
      status: 'open',
      outcome: 'no_answer',
      attempts: 1,
      retry_on: addDays(tenant.today, 1),
    });

    await page.getByTestId('show-later').click();
    await row.waitFor();
    expect(await row.textContent()).toContain('1 of 3');
    expect(await row.textContent()).toContain('Call again on');
    await page.getByTestId('show-later').click();
    await row.waitFor({ state: 'detached' });
  });

  it('wrong number flags the number on the customer card', async () => {
    const { page } = browser;
    const row = page.locator('tr[data-debtor="D-1002"]');
    await row.getByRole('button', { name: 'Wrong number' }).click();
    const form = page.getByTestId('outcome-form-wrong_number');
    expect(await form.getByTestId('wrong-number').inputValue()).toBe('+44 20 7946 0102');
    expect(await form.getByTestId('outcome-effect').textContent()).toContain('go out as letters');
    await form.getByTestId('save-outcome').click();
    await page
      .getByText('Number +44 20 7946 0102 marked as wrong for Northwind Trading Ltd.')
      .waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await readWrongNumbers()).toEqual([{ number: '+44 20 7946 0102' }]);
    expect(await readTask('D-1002')).toMatchObject({ status: 'done', outcome: 'wrong_number' });

    await page.goto(`${baseUrl}/debtors`);
    await page.getByRole('link', { name: 'Northwind Trading Ltd' }).click();
    const panel = page.getByTestId('wrong-numbers');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('+44 20 7946 0102, marked by Anna Jansen');
    await screenshots.captureBothLanguages(page, 'wrong-number-card');
    await panel.getByRole('button', { name: 'Clear' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await readWrongNumbers()).toEqual([]);
  });

  it('issue opens the register dialog and closes the call', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/call-list`);
    const row = page.locator('tr[data-debtor="D-1004"]');
    await row.getByRole('button', { name: 'Issue' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Register issue for Van den Berg Installatietechniek',
    });
    await dialog.waitFor();
    await dialog.getByTestId('register-scope').getByText('Whole debtor', { exact: true }).click();
    await page.getByTestId('register-category').click();
    await page.getByRole('option', { name: 'Price dispute', exact: true }).click();
    await dialog.getByLabel('Description').fill('Disputes the hourly rate on the last invoice.');
    await dialog.getByTestId('save-issue').click();
    await dialog.getByTestId('registered-issue').waitFor();
    await page.getByText(/^Issue \d+ registered and the call closed for Van den Berg/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await row.waitFor({ state: 'detached' });
    const task = await readTask('D-1004');
    expect(task).toMatchObject({ status: 'done', outcome: 'dispute' });
    expect(task.note).toMatch(/^Issue \d+ registered$/);
  });

  it('promise says that reminders pause', async () => {
    const { page } = browser;
    const batchId = await inTenant(async (trx) => {
      const entity = await trx
        .selectFrom('entities')
        .selectAll()
        .where('id', '=', tenant.entityId)
        .executeTakeFirstOrThrow();
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('number', '=', 'D-1005')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('messages')
        .set({ status: 'removed' })
        .where('debtor_id', '=', debtor.id)
        .where('status', '=', 'pending')
        .execute();
      return insertBatch(trx, entity, {
        debtorId: debtor.id,
        // A run date without a seeded batch: a batch is unique per entity, run date and channel.
        runDate: addDays(tenant.today, -400),
        channel: 'letter',
        messages: [{ total: '200.00' }],
      });
    });
    const row = page.locator('tr[data-debtor="D-1005"]');
    await row.getByRole('button', { name: 'Promise' }).click();
    const form = page.getByTestId('outcome-form-promise');
    expect(await form.getByTestId('outcome-effect').textContent()).toContain(
      'Reminders to this debtor pause until the promised date',
    );
    const promisedDate = addDays(tenant.today, 14);
    await form.getByTestId('promise-date').fill(typedDate(promisedDate));
    await form.getByTestId('promise-amount').fill('200');
    await form.getByLabel('Note').fill('Pays with the next salary run');
    await screenshots.captureBothLanguages(page, 'promise-form');
    await form.getByTestId('save-outcome').click();

    const saved = page.getByText(
      /^Promise saved: Keukenstudio Oost pays €200\.00 by .*Reminders pause until then\. 1 pending reminder was removed from its batch\.$/,
    );
    await saved.waitFor();
    await saved.screenshot({ path: `${screenshots.directory}/promise-saved-en.png` });
    const batchMessages = await inTenant((trx) =>
      trx.selectFrom('messages').select('status').where('batch_id', '=', batchId).execute(),
    );
    expect(batchMessages).toEqual([{ status: 'removed' }]);
    const promise = await inTenant((trx) =>
      trx
        .selectFrom('promises')
        .select(['promised_date', 'amount_minor', 'created_by', 'call_task_id'])
        .executeTakeFirstOrThrow(),
    );
    expect(promise).toMatchObject({
      promised_date: promisedDate,
      amount_minor: 20_000,
      call_task_id: expect.any(String),
    });
    expect(promise.created_by).not.toBe('');
  });
});
