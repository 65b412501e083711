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
import { seedHomeTenant } from './seed-home.ts';
import { createScreenshotWriter } from './screenshots.ts';
import type { SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const creditManager = {
  username: 'carla',
  password: 'correct horse battery',
  name: 'Carla de Wit',
};

describe.skipIf(!hasChromium)('start screen in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedHomeTenant(testDatabase.database, {
      slug: 'home-browser',
      administrator: { username: 'anna', password: 'correct horse battery' },
      creditManager,
    });
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
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  const openCallTasks = () =>
    withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('call_tasks')
        .select('id')
        .where('status', '=', 'open')
        .where('due_date', '<=', tenant.today)
        .execute(),
    );

  it("credit manager lands on the day's work", async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    const callsDue = (await openCallTasks()).length;

    // The heading renders before the day's figures arrive; wait for them.
    const batches = page.getByTestId('home-batches');
    await batches
      .getByRole('link', { name: /^E-mail of/ })
      .first()
      .waitFor();
    const calls = page.getByTestId('home-calls');
    expect(callsDue).toBeGreaterThan(0);
    expect(await calls.locator('.mantine-Badge-root').first().textContent()).toBe(String(callsDue));
    const promises = page.getByTestId('home-promises');
    expect(await promises.textContent()).toContain('€2,500.00 of €4,000.00 paid');
    expect(await promises.textContent()).toContain('2 days overdue');
    const issues = page.getByTestId('home-issues');
    expect(await issues.getByRole('link').first().textContent()).toBe(
      'Northwind Trading Ltd · Wrong delivery',
    );
    expect(await issues.textContent()).toContain('Distribution');
    const escalated = page.getByTestId('home-escalated-issues');
    expect(await escalated.getByRole('link').first().textContent()).toMatch(
      /^Issue \d+ · Northwind Trading Ltd · Wrong delivery$/,
    );
    expect(await escalated.textContent()).toContain('4 days past the deadline');
    await createScreenshotWriter('home-screen').captureBothLanguages(page, 'escalated-issues');
  });

  it('records a promise from the call list', async () => {
    const { page } = browser;
    const before = await openCallTasks();
    await page.getByRole('link', { name: 'Open the call list' }).click();
    await page.getByRole('heading', { name: 'Call list' }).waitFor();

    const row = page.getByRole('row', { name: /Van den Berg Installatietechniek/ }).first();
    await row.getByRole('button', { name: 'Promise' }).click();
    const dialog = page.getByTestId('outcome-form-promise');
    const promisedDate = addDays(tenant.today, 7);
    const [year, month, day] = promisedDate.split('-').map(Number) as [number, number, number];
    const typedDate = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(Date.UTC(year, month - 1, day));
    await dialog.getByTestId('promise-date').fill(typedDate);
    await dialog.getByTestId('promise-amount').fill('1,250.50');
    await dialog.getByLabel('Note').fill('Pays after the board meeting');
    await dialog.getByTestId('save-outcome').click();

    await page
      .getByText(/^Promise saved: Van den Berg Installatietechniek pays €1,250\.50/)
      .waitFor();
    await dialog.waitFor({ state: 'detached' });
    const promises = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('promises')
        .select(['promised_date', 'amount_minor', 'note', 'call_task_id'])
        .where('call_task_id', 'is not', null)
        .execute(),
    );
    expect(promises).toEqual([
      {
        promised_date: promisedDate,
        amount_minor: 125_050,
        note: 'Pays after the board meeting',
        call_task_id: expect.any(String),
      },
    ]);
    expect((await openCallTasks()).length).toBe(before.length - 1);
  });

  it('shows the start screen in Dutch', async () => {
    const { page } = browser;
    await page.getByLabel('Language').getByText('NL', { exact: true }).click();
    await page.goto(`${baseUrl}/home`);
    await page.getByRole('heading', { name: 'Vandaag' }).waitFor();

    expect(await page.getByTestId('home-promises').textContent()).toContain(
      'Betaalbeloften die vervallen',
    );
  });
});
