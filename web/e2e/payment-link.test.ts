import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProviderChannel } from '../../src/channels/channel-settings.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { reserveLocalPort } from '../../src/payment-links/testing/payment-link-fixture.ts';
import {
  startFakeMollie,
  type FakeMollie,
} from '../../src/payment-providers/testing/fake-mollie.ts';
import { buildServer } from '../../src/server/app.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/test-database.ts';
import {
  buildWebApp,
  chromiumPath,
  hasChromium,
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
 * Van den Berg Installatietechniek of seed-tenant.ts owes two invoices. The
 * test makes a payment link for the 730.00 invoice on the customer card,
 * opens it against the fake Mollie server, lets the fake pay and post the
 * webhook, and then finds the invoice paid on the card.
 */
describe.skipIf(!hasChromium)('payment link in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let invoiceNumber: string;
  let webDirectory: string;
  let mollie: FakeMollie;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('payment-link');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    mollie = await startFakeMollie();
    tenant = await seedTenant(database, { slug: 'payment-link-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'Van den Berg Installatietechniek')
        .executeTakeFirstOrThrow();
      debtorId = debtor.id;
      const invoice = await trx
        .selectFrom('invoices')
        .select('number')
        .where('debtor_id', '=', debtorId)
        .where('amount_minor', '=', 73_000)
        .executeTakeFirstOrThrow();
      invoiceNumber = invoice.number;
      await saveProviderChannel(trx, {
        organisationId: tenant.organisationId,
        actor: 'browser-test',
        channel: 'payment',
        input: { provider: 'mollie', settings: {}, secret: mollie.apiKey },
      });
    });

    const port = await reserveLocalPort();
    baseUrl = `http://127.0.0.1:${port}`;
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: baseUrl }),
      database,
      logger: createLogger('silent'),
      webDirectory,
      paymentProviderApiUrls: { mollie: mollie.baseUrl, stripe: 'http://127.0.0.1:9/v1' },
    });
    await app.listen({ host: '127.0.0.1', port });
    browser = await openBrowser('en-GB');
    await browser.page.goto(baseUrl);
    await logIn(browser.page, administrator);
    await browser.page.getByRole('heading', { name: 'Today' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mollie?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  it('card link paid through Mollie', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const panel = page.getByTestId('payment-links');
    await panel.getByText('No payment links yet.').waitFor();

    await panel.getByTestId('payment-link-button').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('payment-link-choose').click();
    await dialog.getByRole('checkbox', { name: new RegExp(`^${invoiceNumber},`) }).check();
    await screenshots.captureBothLanguages(page, 'dialog');

    await dialog.getByTestId('payment-link-make').click();
    const urlInput = dialog.getByTestId('payment-link-url');
    await urlInput.waitFor();
    const url = await urlInput.inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl}/pay/[A-Za-z0-9_-]{43}$`));
    await screenshots.captureBothLanguages(page, 'link-made');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await panel.getByTestId('payment-link-status').allTextContents()).toEqual(['Open']);

    const payPage = await browser.context.newPage();
    await payPage.goto(url);
    await payPage.getByText('Pay EUR 730.00').waitFor();
    const payment = mollie.payments.at(-1);
    expect(payment?.amount).toEqual({ currency: 'EUR', value: '730.00' });

    mollie.markPaid(payment?.id ?? '');
    expect(await mollie.sendWebhook(payment?.id ?? '')).toBe(200);

    await payPage.goto(url);
    await payPage.getByRole('heading', { name: 'Al betaald, dank u wel' }).waitFor();
    await payPage.screenshot({ path: path.join(screenshots.directory, 'pay-page-paid-nl.png') });
    await payPage.close();

    await page.reload();
    await panel.getByTestId('payment-link-status').first().waitFor();
    expect(await panel.getByTestId('payment-link-status').allTextContents()).toEqual(['Paid']);
    // The card lists open invoices only, so the paid invoice leaves the table and its payment shows.
    const invoiceTable = page.getByTestId('invoice-table');
    expect(await invoiceTable.locator('tbody tr').filter({ hasText: invoiceNumber }).count()).toBe(
      0,
    );
    expect(await page.getByText(`${invoiceNumber}: €730.00`).count()).toBe(1);
    await screenshots.captureBothLanguages(page, 'debtor-card-paid');
  });
});
