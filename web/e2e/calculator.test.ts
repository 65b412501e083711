import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
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
import { seedRatesTenant } from './seed-rates.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const creditManager = {
  username: 'carla',
  password: 'correct horse battery',
  group: 'credit-manager',
} as const;

/** Types a date into a Mantine date field and closes its calendar. */
async function typeDate(page: Page, testId: string, date: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(date);
  await input.press('Escape');
  await input.blur();
}

/**
 * The costs and interest calculator in the browser, for a credit manager on
 * the built-in rate tables: the figures the API returns, shown in English
 * and with a decimal comma in Dutch, and the warning past the table.
 */
describe.skipIf(!hasChromium)('calculator in browser', () => {
  let testDatabase: TestDatabase;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('calculator');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    await seedRatesTenant(testDatabase.database, 'calculator-browser', [creditManager]);
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  it('calculates the costs of 3,000.00', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('link', { name: 'Calculator' }).click();
    await page.getByRole('heading', { name: 'Costs and interest calculator' }).waitFor();

    await page.getByTestId('costs-principal').fill('3000.00');
    await page.getByTestId('costs-calculate').click();
    await page.getByTestId('costs-result').waitFor();

    expect(await page.getByTestId('costs-net').textContent()).toBe('€425.00');
    expect(await page.getByTestId('costs-total').textContent()).toBe('€425.00');
    const rows = page.getByTestId('costs-brackets').locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('€375.00');
    expect(await rows.nth(1).textContent()).toContain('€50.00');
  });

  it('adds 21 % VAT', async () => {
    const { page } = browser;
    await page.getByTestId('costs-vat').fill('21');
    await page.getByTestId('costs-calculate').click();
    await page.getByTestId('costs-vat-amount').getByText('€89.25').waitFor();

    expect(await page.getByTestId('costs-total').textContent()).toBe('€514.25');
  });

  it('explains consumer costs', async () => {
    const { page } = browser;
    await page.getByTestId('costs-debtor-kind').getByText('Consumer (B2C)').click();

    expect(await page.getByTestId('costs-kind-note').textContent()).toContain(
      'For a consumer the scale is the maximum',
    );
  });

  it('calculates commercial interest on 2,500.00', async () => {
    const { page } = browser;
    await page.getByTestId('interest-principal').fill('2500.00');
    await typeDate(page, 'interest-from', '2024-01-15');
    await typeDate(page, 'interest-to', '2024-03-14');
    await page.getByTestId('interest-calculate').click();
    await page.getByTestId('interest-result').waitFor();

    expect(await page.getByTestId('interest-total').textContent()).toBe('€51.37');
    const period = page.getByTestId('interest-period-2024-01-15');
    expect(await period.textContent()).toContain('12.50 %');
    expect(await period.textContent()).toContain('60');
    expect(await page.getByTestId('interest-warning').count()).toBe(0);
    expect(await page.getByTestId('interest-source').textContent()).toContain(
      'built-in rate table',
    );
  });

  it('warns past the rate table', async () => {
    const { page } = browser;
    await typeDate(page, 'interest-to', '2026-03-31');
    await page.getByTestId('interest-calculate').click();
    await page.getByTestId('interest-warning').waitFor();

    expect(await page.getByTestId('interest-warning').textContent()).toContain(
      'Rates after Dec 31, 2025 are not in the table; the calculation uses the last rate of 10.15 %',
    );
    const files = await screenshots.captureBothLanguages(page, 'calculator');
    expect(files).toHaveLength(2);
  });

  it('takes a decimal comma in Dutch', async () => {
    const { page } = browser;
    await switchLanguage(page, 'nl');
    await page.getByTestId('costs-principal').fill('3.000,00');
    await page.getByTestId('costs-vat').fill('');
    await page.getByTestId('costs-calculate').click();
    await page.getByTestId('costs-total').getByText('425,00').waitFor();

    // Intl puts a no-break space between the euro sign and the amount in Dutch.
    expect(await page.getByTestId('costs-total').textContent()).toBe('€\u00a0425,00');
    await page.getByTestId('interest-principal').fill('2500,00');
    await typeDate(page, 'interest-to', '2024-03-14');
    await page.getByTestId('interest-calculate').click();
    await page.getByTestId('interest-total').getByText('51,37').waitFor();

    expect(await page.getByTestId('interest-total').textContent()).toBe('€\u00a051,37');
    expect(await page.getByTestId('interest-period-2024-01-15').textContent()).toContain('12,50 %');
    await switchLanguage(page, 'en');
  });

  it('reads 3000.00 as decimals in Dutch', async () => {
    const { page } = browser;
    await switchLanguage(page, 'nl');
    await page.getByTestId('costs-principal').fill('3000.00');
    await page.getByTestId('costs-calculate').click();
    await page.getByTestId('costs-total').getByText('425,00').waitFor();

    expect(await page.getByTestId('costs-total').textContent()).toBe('€\u00a0425,00');
    expect(await page.getByTestId('costs-principal').getAttribute('aria-invalid')).not.toBe('true');
  });

  it('names misplaced separators and clears the old result', async () => {
    const { page } = browser;
    const costs = page.getByTestId('costs-calculator');
    await page.getByTestId('costs-principal').fill('1.250.50');
    await page.getByTestId('costs-calculate').click();
    await costs.getByText('Scheidingstekens op de verkeerde plek').waitFor();

    expect(await page.getByTestId('costs-result').count()).toBe(0);
    expect(await costs.getByText('groter dan nul').count()).toBe(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${screenshots.directory}/invalid-principal-nl.png` });

    await switchLanguage(page, 'en');
    await page.getByTestId('costs-principal').fill('3000.00');
    await page.getByTestId('costs-calculate').click();
    await page.getByTestId('costs-result').waitFor();
    await page.getByTestId('costs-principal').fill('12,50');
    await page.getByTestId('costs-calculate').click();
    await costs.getByText('Separators in the wrong place').waitFor();

    expect(await page.getByTestId('costs-result').count()).toBe(0);
    expect(await costs.getByText('greater than zero').count()).toBe(0);
    await page.screenshot({ path: `${screenshots.directory}/invalid-principal-en.png` });
  });

  it('names a principal of zero', async () => {
    const { page } = browser;
    await page.getByTestId('interest-principal').fill('0.00');
    await page.getByTestId('interest-calculate').click();
    await page.getByText('Enter a principal greater than zero.').waitFor();

    expect(await page.getByTestId('interest-result').count()).toBe(0);
  });
});
