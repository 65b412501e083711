import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
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
import { createScreenshotWriter, switchLanguage } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = { username: 'anna', password: 'correct horse battery' };

/** Formats a date as the English date field parses it, such as "20 March 2026". */
function typedDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(year, month - 1, day));
}

/*
 * Van den Berg Installatietechniek of seed-tenant.ts has 10,000.00 open on
 * one invoice and 730.00 on the other. The test requests an arrangement of
 * both in three monthly instalments on the customer card, checks the
 * schedule in the dialog and in the stored rows, then approves it and
 * cancels it with notes.
 */
describe.skipIf(!hasChromium)('payment arrangement in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let invoiceNumbers: string[];
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('arrangement');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'arrangement-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'Van den Berg Installatietechniek')
        .executeTakeFirstOrThrow();
      debtorId = debtor.id;
      const invoices = await trx
        .selectFrom('invoices')
        .select('number')
        .where('debtor_id', '=', debtorId)
        .orderBy('number')
        .execute();
      invoiceNumbers = invoices.map((invoice) => invoice.number);
    });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
    await browser.page.goto(baseUrl);
    await logIn(browser.page, administrator);
    await browser.page.getByRole('heading', { name: 'Today' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  async function storedArrangement() {
    return withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      const arrangement = await trx
        .selectFrom('arrangements')
        .select(['id', 'status', 'source', 'total_minor', 'frequency', 'decision_note'])
        .where('debtor_id', '=', debtorId)
        .executeTakeFirstOrThrow();
      const instalments = await trx
        .selectFrom('instalments')
        .select(['sequence', 'due_date', 'amount_minor'])
        .where('arrangement_id', '=', arrangement.id)
        .orderBy('sequence')
        .execute();
      return { ...arrangement, instalments };
    });
  }

  it('card arrangement with schedule', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const panel = page.getByTestId('arrangements');
    await panel.getByText('No payment arrangements yet.').waitFor();

    await panel.getByTestId('arrangement-new').click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByText('Choose invoices, the number of instalments and the first due date')
      .waitFor();
    expect(await dialog.getByTestId('arrangement-save').isDisabled()).toBe(true);
    for (const number of invoiceNumbers) {
      await dialog.getByRole('checkbox', { name: new RegExp(`^${number},`) }).check();
    }
    await dialog.getByTestId('arrangement-count').fill('3');
    const firstDueDate = addDays(tenant.today, 14);
    await dialog.getByTestId('arrangement-first-date').fill(typedDate(firstDueDate));
    await dialog.getByTestId('arrangement-approve-now').uncheck();

    const preview = dialog.getByTestId('arrangement-preview');
    await preview.waitFor();
    expect(await preview.getByText('3 instalments for €10,730.00').count()).toBe(1);
    const previewRows = preview.locator('tbody tr');
    expect(await previewRows.count()).toBe(3);
    const previewAmounts = await previewRows.locator('td:nth-child(3)').allTextContents();
    expect(previewAmounts).toEqual(['€3,576.66', '€3,576.66', '€3,576.68']);
    const previewDates = await previewRows.locator('td:nth-child(2)').allTextContents();
    await screenshots.captureBothLanguages(page, 'new-arrangement');

    await dialog.getByTestId('arrangement-save').click();
    await dialog.waitFor({ state: 'hidden' });
    const card = panel.getByTestId('arrangement');
    await card.getByTestId('arrangement-status').waitFor();
    expect(await card.getByTestId('arrangement-status').textContent()).toBe('Awaiting approval');
    expect(await card.getByTestId('arrangement-people').textContent()).toMatch(
      /^Requested by Anna Jansen on /,
    );
    const cardRows = card.getByTestId('arrangement-instalments').locator('tbody tr');
    expect(await cardRows.locator('td:nth-child(2)').allTextContents()).toEqual(previewDates);
    expect(await cardRows.locator('td:nth-child(3)').allTextContents()).toEqual(previewAmounts);

    const requested = await storedArrangement();
    expect(requested.status).toBe('requested');
    expect(requested.source).toBe('card');
    expect(requested.frequency).toBe('monthly');
    expect(Number(requested.total_minor)).toBe(1_073_000);
    expect(requested.instalments.map((row) => Number(row.amount_minor))).toEqual([
      357_666, 357_666, 357_668,
    ]);
    expect(requested.instalments[0]?.due_date).toBe(firstDueDate);
    await screenshots.captureBothLanguages(page, 'requested');

    await card.getByTestId('arrangement-approve').click();
    const approveDialog = page.getByRole('dialog');
    await approveDialog.getByTestId('arrangement-decision-note').fill('Agreed by phone.');
    await approveDialog.getByTestId('arrangement-decision-confirm').click();
    await approveDialog.waitFor({ state: 'hidden' });
    await card.getByTestId('arrangement-status').getByText('Active').waitFor();
    expect(await card.getByText('Agreed by phone.').count()).toBe(1);
    expect(await card.getByTestId('arrangement-approve').count()).toBe(0);
    expect(await card.getByTestId('arrangement-people').textContent()).toMatch(
      /^Requested by Anna Jansen on .+ · approved by Anna Jansen on /,
    );
    const approved = await storedArrangement();
    expect(approved.status).toBe('active');
    expect(approved.decision_note).toBe('Agreed by phone.');
    await screenshots.captureBothLanguages(page, 'active');

    await card.getByTestId('arrangement-cancel').click();
    const cancelDialog = page.getByRole('dialog');
    await cancelDialog.getByTestId('arrangement-decision-note').fill('Debtor sold the business.');
    await cancelDialog.getByTestId('arrangement-decision-confirm').click();
    await cancelDialog.waitFor({ state: 'hidden' });
    await card.getByTestId('arrangement-status').getByText('Cancelled').waitFor();
    expect(await card.getByTestId('arrangement-cancel').count()).toBe(0);
    expect(await card.getByTestId('arrangement-people').textContent()).toMatch(
      / · cancelled by Anna Jansen on /,
    );
    await switchLanguage(page, 'nl');
    await card.getByTestId('arrangement-status').getByText('Stopgezet').waitFor();
    expect(await card.getByTestId('arrangement-people').textContent()).toMatch(
      /^Aangevraagd door Anna Jansen op .+ · stopgezet door Anna Jansen op /,
    );
    await screenshots.captureBothLanguages(page, 'cancelled');
    expect((await storedArrangement()).status).toBe('cancelled');
  });
});
