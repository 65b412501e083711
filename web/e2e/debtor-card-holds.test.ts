import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import {
  insertInvoice,
  insertIssue,
  insertIssueCategory,
  resolveIssue,
  type TestTenant,
} from '../../src/dunning/test-factories.ts';
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

const administrator = { username: 'anna', password: 'correct horse battery' };

/*
 * Northwind Trading Ltd of seed-tenant.ts has an invoice with the hold code
 * "Delivery disputed". The test adds a third invoice, an open issue of a
 * pausing category on one of the other two and an issue resolved yesterday,
 * whose resume delay of 7 days still holds the last one.
 */
describe.skipIf(!hasChromium)('invoices on hold in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let openIssue: { id: string; number: number };
  let resolvedIssue: { id: string; number: number };
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'holds-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const entity = await trx
        .selectFrom('entities')
        .selectAll()
        .where('id', '=', tenant.entityId)
        .executeTakeFirstOrThrow();
      const testTenant: TestTenant = { organisationId: tenant.organisationId, entity };
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'Northwind Trading Ltd')
        .executeTakeFirstOrThrow();
      debtorId = debtor.id;
      await insertInvoice(trx, testTenant, {
        debtorId,
        number: '24090',
        invoiceDate: addDays(tenant.today, -45),
        dueDate: addDays(tenant.today, -15),
        amount: '640.00',
      });
      const invoices = await trx
        .selectFrom('invoices')
        .select('id')
        .where('debtor_id', '=', debtorId)
        .where('hold_reason', 'is', null)
        .orderBy('due_date')
        .execute();
      const categoryId = await insertIssueCategory(trx, testTenant, {
        name: 'Wrong delivery',
        names: { nl: 'Verkeerde levering' },
        pausesDunning: true,
        resumeAfterDays: 7,
      });
      openIssue = await insertIssue(trx, testTenant, {
        debtorId,
        categoryId,
        invoiceIds: [invoices[0]?.id ?? ''],
        openedOn: addDays(tenant.today, -3),
      });
      resolvedIssue = await insertIssue(trx, testTenant, {
        debtorId,
        categoryId,
        invoiceIds: [invoices[1]?.id ?? ''],
        openedOn: addDays(tenant.today, -9),
      });
      await resolveIssue(trx, {
        issueId: resolvedIssue.id,
        closedOn: addDays(tenant.today, -1),
      });
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

  it('debtor card shows each hold and the issues', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const table = page.getByTestId('invoice-table');
    await table.waitFor();
    const issueHolds = table.getByTestId('issue-hold');

    expect(await table.textContent()).toContain('Delivery disputed');
    expect(await issueHolds.allTextContents()).toEqual([
      `Issue ${openIssue.number} (Wrong delivery) is open`,
      expect.stringMatching(
        new RegExp(`^Issue ${resolvedIssue.number} was resolved on .+; dunning resumes on .+$`),
      ),
    ]);
    expect(await issueHolds.first().getAttribute('href')).toBe(`/issues/${openIssue.id}`);
    const issuesPanel = page.getByTestId('debtor-issues');
    await issuesPanel.getByText('Wrong delivery').first().waitFor();
    await createScreenshotWriter('invoices-on-hold').captureBothLanguages(page, 'debtor-card');
  });

  it('ageing report lists the amount on hold', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/reports/ageing`);
    const held = page.getByTestId('held-invoices-EUR');
    await held.waitFor();

    expect(await held.textContent()).toContain('3 items on hold');
    expect(await held.textContent()).toContain('Northwind Trading Ltd');
    expect(await held.getByTestId('issue-hold').count()).toBe(2);
    await createScreenshotWriter('invoices-on-hold').captureBothLanguages(page, 'ageing');
  });
});
