import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { insertBankPayment } from '../../src/payments/queue/test-factories.ts';
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

/** Payments in the queue: more than one page of 100. */
const QUEUED = 130;

/** A counterparty name of 140 characters, the maximum that payments.counterparty_name accepts. */
const LONG_NAME =
  'Stichting Vrienden van het Regionaal Historisch Centrum voor de Provincies Noord-Holland, Zuid-Holland en Utrecht, afdeling Beheer en Onderhoud'.slice(
    0,
    140,
  );

/*
 * A queue of 130 unmatched payments, one a day. The oldest comes from a
 * counterparty with a 140-character name. The screen shows the first page of
 * 100 with the total, loads the rest on request, and puts the oldest first
 * when asked, without the long name pushing the buttons off a 1280 pixel
 * screen.
 */
describe.skipIf(!hasChromium)('payments queue paging in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  let oldestId: string;
  let newestId: string;
  const screenshots = createScreenshotWriter('payments-queue-paging');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'queue-paging', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const entity = { id: tenant.entityId, organisation_id: tenant.organisationId };
      for (let day = QUEUED; day >= 1; day -= 1) {
        const payment = await insertBankPayment(trx, entity, {
          amountMinor: 10_000 + day,
          paymentDate: addDays(tenant.today, -day),
          counterpartyName: day === QUEUED ? LONG_NAME : `Betaler ${day}`,
          counterpartyIban: 'NL44RABO0123456789',
          remittanceText: `Overboeking ${day}`,
        });
        if (day === QUEUED) {
          oldestId = payment.id;
        }
        newestId = payment.id;
      }
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

  it('shows the first page with the total', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/payments`);
    const rows = page.getByTestId('queue-table').locator('tbody tr');
    await rows.first().waitFor();

    expect(await page.getByTestId('queue-count').textContent()).toBe('100 of 130 payments');
    expect(await rows.count()).toBe(100);
    expect(await rows.first().getAttribute('data-payment-id')).toBe(newestId);
    expect(await page.getByTestId('queue-load-more').textContent()).toBe('Load 30 more');
  });

  it('loads the rest of the queue', async () => {
    const { page } = browser;
    await page.getByTestId('queue-load-more').click();
    const rows = page.getByTestId('queue-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(QUEUED);

    expect(await page.getByTestId('queue-count').textContent()).toBe('130 of 130 payments');
    expect(await rows.last().getAttribute('data-payment-id')).toBe(oldestId);
    expect(await page.getByTestId('queue-load-more').count()).toBe(0);
  });

  it('puts the oldest payment first on request', async () => {
    const { page } = browser;
    await page.getByTestId('queue-order').getByText('Oldest first').click();
    const first = page.getByTestId('queue-table').locator('tbody tr').first();
    await expect.poll(() => first.getAttribute('data-payment-id')).toBe(oldestId);

    expect(await page.getByTestId('queue-count').textContent()).toBe('100 of 130 payments');
  });

  it('truncates a long counterparty name', async () => {
    const { page } = browser;
    const row = page.locator(`tr[data-payment-id="${oldestId}"]`);
    const name = row.getByTestId('counterparty-name');
    const dismiss = row.getByTestId('dismiss-payment');
    const overflow = await name.evaluate((element) => ({
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
      textOverflow: getComputedStyle(element).textOverflow,
    }));
    const button = await dismiss.boundingBox();

    expect(await name.getAttribute('title')).toBe(LONG_NAME);
    expect(overflow.textOverflow).toBe('ellipsis');
    expect(overflow.scrollWidth).toBeGreaterThan(overflow.clientWidth);
    expect(button).not.toBeNull();
    expect((button?.x ?? Infinity) + (button?.width ?? 0)).toBeLessThanOrEqual(1280);
    // The first screen only: a full page of 100 rows is too tall to read.
    for (const language of ['nl', 'en'] as const) {
      await switchLanguage(page, language);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({
        path: `${screenshots.directory}/queue-oldest-first-${language}.png`,
      });
    }
    await switchLanguage(page, 'nl');
    expect(await page.getByTestId('queue-count').textContent()).toBe('100 van 130 betalingen');
    await switchLanguage(page, 'en');
  });
});
