import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { loadInterestRateTable } from '../../src/interest/load-rate-table.ts';
import { COMMERCIAL_INTEREST_RATES } from '../../src/interest/statutory-interest-rates.ts';
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
import { seedRatesTenant } from './seed-rates.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = {
  username: 'ada',
  password: 'correct horse battery',
  group: 'administrator',
} as const;
const creditManager = {
  username: 'carla',
  password: 'correct horse battery',
  group: 'credit-manager',
} as const;

/** Types a date into a Mantine date field and closes its calendar. */
async function typeDate(page: Page, locator: ReturnType<Page['getByTestId']>, date: string) {
  await locator.fill(date);
  await locator.press('Escape');
  await locator.blur();
}

/**
 * The interest rate settings in the browser: an administrator adds, edits
 * and removes rates and moves the covered-through date, the database keeps
 * what was saved, a rejected save changes nothing, and a credit manager
 * sees the tables without an edit button.
 */
describe.skipIf(!hasChromium)('interest rate settings in browser', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('interest-rates');

  const storedCommercial = () =>
    withOrganisation(testDatabase.database, organisationId, (trx) =>
      loadInterestRateTable(trx, { organisationId, kind: 'commercial' }),
    );

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    organisationId = await seedRatesTenant(testDatabase.database, 'rates-browser', [
      administrator,
      creditManager,
    ]);
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

  it('shows the built-in tables with the outdated warning', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.getByRole('link', { name: 'Interest rates' }).click();
    await page.getByRole('heading', { name: 'Statutory interest rates' }).waitFor();

    const consumer = page.getByTestId('rate-table-consumer');
    expect(await consumer.textContent()).toContain('Built-in table');
    // The built-in consumer table stops at 30 June 2025, which has passed.
    expect(await consumer.getByTestId('rates-outdated').textContent()).toContain(
      'Rates after Jun 30, 2025 are not in the table; calculations past that day use the last rate.',
    );
    expect(await page.getByTestId('rates-commercial').locator('tbody tr').count()).toBe(
      COMMERCIAL_INTEREST_RATES.entries.length,
    );
    const files = await screenshots.captureBothLanguages(page, 'tables');
    expect(files).toHaveLength(2);
  });

  it('adds, edits and removes rates', async () => {
    const { page } = browser;
    await page.getByTestId('edit-commercial').click();
    const editor = page.getByTestId('editor-commercial');
    await editor.waitFor();

    await page.getByTestId('add-rate').click();
    await typeDate(
      page,
      editor.getByTestId('edit-row-0').getByTestId('edit-valid-from'),
      '2026-01-01',
    );
    await editor.getByTestId('edit-row-0').getByTestId('edit-rate').fill('9.9');
    // Row 1 is the rate of 1 July 2025 (10.15 %), row 2 the one of 1 January 2025.
    await editor.getByTestId('edit-row-1').getByTestId('edit-rate').fill('10.20');
    await editor.getByTestId('edit-row-2').getByTestId('remove-rate').click();
    await typeDate(page, page.getByTestId('edit-covered-through'), '2099-12-31');
    const captured = await screenshots.captureBothLanguages(page, 'editing');
    expect(captured).toHaveLength(2);
    await page.getByTestId('save-rates').click();
    await editor.waitFor({ state: 'detached' });

    const commercial = page.getByTestId('rate-table-commercial');
    expect(await commercial.textContent()).toContain("Organisation's table");
    expect(await commercial.textContent()).toContain('Last changed by Ada Jansen');
    expect(await commercial.getByTestId('rates-outdated').count()).toBe(0);
    expect(await commercial.getByTestId('rate-2026-01-01').textContent()).toContain('9.90 %');
    expect(await commercial.getByTestId('rate-2025-07-01').textContent()).toContain('10.20 %');
    expect(await commercial.getByTestId('rate-2025-01-01').count()).toBe(0);

    const stored = await storedCommercial();
    expect(stored.source).toBe('organisation');
    expect(stored.coveredThrough).toBe('2099-12-31');
    expect(stored.entries).toHaveLength(COMMERCIAL_INTEREST_RATES.entries.length);
    expect(stored.entries.slice(-3)).toEqual([
      { from: '2024-07-01', basisPoints: 1225 },
      { from: '2025-07-01', basisPoints: 1020 },
      { from: '2026-01-01', basisPoints: 990 },
    ]);
  });

  it('shows a rejected save and keeps the table', async () => {
    const { page } = browser;
    await page.getByTestId('edit-commercial').click();
    await typeDate(page, page.getByTestId('edit-covered-through'), '2025-12-31');
    await page.getByTestId('save-rates').click();

    const alert = page.getByTestId('editor-commercial').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      "coveredThrough: 2025-12-31 is before the last rate's date 2026-01-01",
    );
    expect((await storedCommercial()).coveredThrough).toBe('2099-12-31');
    await page.getByTestId('editor-commercial').getByRole('button', { name: 'Cancel' }).click();
  });

  it('gives a credit manager no edit button', async () => {
    const { page } = browser;
    await page.context().clearCookies();
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('link', { name: 'Interest rates' }).click();
    await page.getByTestId('rate-table-commercial').waitFor();

    expect(await page.getByTestId('rate-2026-01-01').textContent()).toContain('9.90 %');
    expect(await page.getByTestId('edit-commercial').count()).toBe(0);
    expect(await page.getByTestId('edit-consumer').count()).toBe(0);
  });
});
