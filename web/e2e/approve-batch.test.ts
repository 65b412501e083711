import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import type { JobQueue } from '../../src/jobs/job-queue.ts';
import { startWorkers } from '../../src/jobs/start-workers.ts';
import { createLogger } from '../../src/logger.ts';
import { buildServer } from '../../src/server/app.ts';
import {
  startSmtpServer,
  type TestSmtpServer,
} from '../../src/messaging/testing/start-smtp-server.ts';
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

describe.skipIf(!hasChromium)('approve batch in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  let smtp: TestSmtpServer | undefined;
  let jobQueue: JobQueue | undefined;
  let sendingApp: FastifyInstance | undefined;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'browser', ...credentials });

    // No job queue: approved messages stay in the outbox, as without SMTP.
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await sendingApp?.close();
    await jobQueue?.stop();
    await smtp?.close();
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  async function messageStatuses(): Promise<Record<string, string>> {
    const rows = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('message_batches as b', 'b.id', 'm.batch_id')
        .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
        .select(['d.number', 'm.status'])
        .where('b.run_date', '=', tenant.today)
        .where('b.channel', '=', 'email')
        .execute(),
    );

    return Object.fromEntries(rows.map((row) => [row.number, row.status]));
  }

  it('rejects a wrong password', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, { ...credentials, password: 'wrong password' });

    const alert = page.getByTestId('login-error');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The username or password is wrong');
  });

  const screenshots = createScreenshotWriter('approve-batch');

  /** Labels of the status badges whose text is cut off, in the current language. */
  const truncatedBadges = () =>
    browser.page
      .locator('[data-status] .mantine-Badge-label')
      .evaluateAll((labels) =>
        labels
          .filter((label) => label.scrollWidth > label.clientWidth)
          .map((label) => label.textContent),
      );

  it('previews, removes and approves', async () => {
    const { page } = browser;
    await logIn(page, credentials);
    // An administrator lands on the start screen of the group, "Today".
    await page.getByRole('heading', { name: 'Today' }).waitFor();

    await page.getByRole('link', { name: 'Message batches' }).click();
    const todaysBatches = page.getByTestId('batch-table').first();
    await todaysBatches
      .getByRole('row', { name: /E-mail/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^E-mail batch of/ }).waitFor();

    const dutchRow = page.getByRole('row', { name: /Bakkerij De Korenaar/ });
    const englishRow = page.getByRole('row', { name: /Northwind Trading/ });
    expect(await dutchRow.locator('[data-status]').getAttribute('data-status')).toBe('pending');
    expect(await englishRow.locator('[data-status]').getAttribute('data-status')).toBe('pending');

    await dutchRow.getByRole('button', { name: 'Preview' }).click();
    const frame = page.getByTestId('preview-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    const email = page.frameLocator('[data-testid=preview-frame]').locator('body');
    await email.getByText('F24001').first().waitFor();
    expect(await email.textContent()).toContain('Bakkerij De Korenaar');
    expect(await page.getByTestId('preview-subject').textContent()).not.toBe('');
    await page.keyboard.press('Escape');
    await frame.waitFor({ state: 'detached' });

    await englishRow.getByRole('button', { name: 'Remove' }).click();
    await englishRow.locator('[data-status=removed]').waitFor();

    await page.getByRole('button', { name: 'Approve and send' }).click();
    const dialog = page.getByRole('dialog', { name: 'Approve batch' });
    expect(await dialog.textContent()).toContain('Approve 1 message');
    await dialog.getByRole('button', { name: 'Approve and send' }).click();

    const approved = dutchRow.locator('[data-status=approved]');
    await approved.waitFor();
    expect(await approved.textContent()).toBe('Approved, in outbox');
    await page.getByTestId('outbox-note').waitFor();
    expect(await messageStatuses()).toEqual({ 'D-1001': 'approved', 'D-1002': 'removed' });

    // The count and the total describe the same messages: the total leaves the removed one out.
    const subtitle = page.getByText(/messages for entity NL01/);
    expect(await subtitle.textContent()).toMatch(
      /^2 messages for entity NL01 \(1 removed\) · .+ in total for the 1 message left$/,
    );
    await screenshots.captureBothLanguages(page, 'approved');
    expect(await truncatedBadges()).toEqual([]);
    const recipientStyle = await dutchRow
      .locator('td')
      .nth(1)
      .locator('p')
      .evaluate((element) => getComputedStyle(element).wordBreak);
    expect(recipientStyle).toBe('normal');
  });

  it('shows the batch in Dutch', async () => {
    const { page } = browser;
    await page.getByLabel('Language').getByText('NL', { exact: true }).click();
    await page.getByRole('heading', { name: /^Berichtenbatch van .* · E-mail$/ }).waitFor();

    const dutchRow = page.getByRole('row', { name: /Bakkerij De Korenaar/ });
    const rowText = (await dutchRow.textContent()) ?? '';
    expect(rowText).toContain('Goedgekeurd, in postvak uit');
    expect(rowText).toContain('Eerste herinnering');
    expect(rowText.replace(/\s/g, ' ')).toContain('€ 1.560,45');

    expect(await page.getByText(/berichten voor entiteit NL01/).textContent()).toContain(
      '(1 verwijderd)',
    );
    expect(await truncatedBadges()).toEqual([]);

    await page.reload();
    await page.getByRole('heading', { name: /^Berichtenbatch van .* · E-mail$/ }).waitFor();
  });

  it('sends a batch over SMTP', async () => {
    smtp = await startSmtpServer();
    const config = loadConfig({ LOG_LEVEL: 'silent', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const logger = createLogger('silent');
    jobQueue = await startWorkers(testDatabase.database, config, logger, { workers: true });
    sendingApp = await buildServer({
      config,
      database: testDatabase.database,
      logger,
      jobQueue,
      webDirectory,
    });
    const sendingUrl = await listenOnFreePort(sendingApp);

    // The session cookie is per host, not per port, so the login still holds.
    const { page } = browser;
    await page.goto(`${sendingUrl}/batches`);
    await page.getByLabel('Language').getByText('EN', { exact: true }).click();
    const earlierBatches = page.getByTestId('batch-table').nth(1);
    await earlierBatches
      .getByRole('row', { name: /E-mail/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^E-mail batch of/ }).waitFor();
    const rows = page.getByTestId('message-table').locator('tbody tr');
    const messageCount = await rows.count();
    expect(messageCount).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Approve and send' }).click();
    await page.getByTestId('confirm-approve').click();

    await page.waitForFunction(
      (count) => document.querySelectorAll('tbody [data-status=sent]').length === count,
      messageCount,
      { timeout: 45_000 },
    );
    expect(smtp.received).toHaveLength(messageCount);
    const shownRecipients = await rows.locator('td:nth-child(2)').allTextContents();
    const mailedRecipients = smtp.received.flatMap((mail) =>
      [mail.to ?? []].flat().flatMap((to) => to.value.map((address) => address.address ?? '')),
    );
    expect(mailedRecipients.sort()).toEqual(shownRecipients.sort());
  }, 90_000);
});
