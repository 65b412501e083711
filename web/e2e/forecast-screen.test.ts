import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/create-user.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import type { DunningForecast } from '../../src/dunning/forecast-dunning.ts';
import {
  FORECAST_CLOSING_DAY,
  FORECAST_START,
  seedForecastTenant,
} from '../../src/dunning/forecast-test-factories.ts';
import { NO_SENDING_RULES } from '../../src/dunning/test-factories.ts';
import { addEntity } from '../../src/entities/add-entity.ts';
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

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const creditManager = { username: 'carla', password: 'correct horse battery' };
const channels = ['email', 'letter', 'sms', 'call', 'fax', 'handover'] as const;

/**
 * The forecast page in the browser, for a credit manager of the tenant of
 * forecast-test-factories.ts: every day's row and the totals show the
 * figures of the API, and weekends and the closing day are grey with their
 * reason. A second entity without invoices makes the entity chooser show.
 */
describe.skipIf(!hasChromium)('dunning forecast in browser', () => {
  let testDatabase: TestDatabase;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('forecast-screen');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const tenant = await seedForecastTenant(testDatabase.database, 'forecast-browser');
    await withOrganisation(testDatabase.database, tenant.organisationId, async (trx) => {
      await createUser(trx, {
        organisationId: tenant.organisationId,
        actor: 'browser-test',
        username: creditManager.username,
        email: 'carla@example.test',
        name: 'Carla de Vries',
        password: creditManager.password,
        group: 'credit-manager',
      });
      await addEntity(trx, {
        organisationId: tenant.organisationId,
        actor: 'browser-test',
        input: {
          code: 'E2',
          name: 'Entity Two',
          currency: 'EUR',
          country: 'NL',
          ...NO_SENDING_RULES,
        },
      });
    });
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

  it('shows the API figures', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('link', { name: 'Dunning forecast' }).click();
    await page.getByRole('heading', { name: 'Dunning forecast' }).waitFor();
    await page.goto(`${baseUrl}/forecast?date=${FORECAST_START}&days=30`);
    await page.getByTestId('forecast-table').waitFor();
    const response = await page.request.get(
      `${baseUrl}/api/dunning/forecast?entity=E1&date=${FORECAST_START}&days=30`,
    );
    const forecast = (await response.json()) as DunningForecast;

    expect(response.status()).toBe(200);
    expect(await page.getByTestId('forecast-table').locator('tbody tr').count()).toBe(30);
    for (const day of forecast.days) {
      const row = page.getByTestId(`forecast-day-${day.date}`);
      if (day.notSendingDay) {
        expect(await row.getAttribute('data-sending'), day.date).toBe('false');
        continue;
      }
      const cells = await Promise.all(
        channels.map((channel) => row.locator(`[data-channel=${channel}]`).textContent()),
      );
      expect(cells, day.date).toEqual(channels.map((channel) => String(day[channel])));
      expect(
        await row.getByTestId('instalment-reminders').textContent(),
        `${day.date} instalment reminders`,
      ).toBe(String(day.instalmentReminders));
    }
    const totals = page.getByTestId('forecast-totals');
    for (const channel of channels) {
      expect(await totals.locator(`[data-channel=${channel}]`).textContent(), channel).toBe(
        String(forecast.totals[channel]),
      );
    }
    const total = channels.reduce((sum, channel) => sum + forecast.totals[channel], 0);
    expect(total).toBeGreaterThan(0);
    expect(await page.getByTestId('summary-total').textContent()).toContain(String(total));
    // The seeded arrangements make 5 instalment reminders in the 30 days.
    expect(forecast.totals.instalmentReminders).toBe(5);
    expect(await totals.getByTestId('instalment-reminders').textContent()).toBe('5');
    expect(await page.getByTestId('summary-instalment-reminders').textContent()).toContain(
      'Instalment reminders5',
    );
  });

  it('greys days without sending', async () => {
    const { page } = browser;
    const saturday = page.getByTestId('forecast-day-2025-06-07');
    const closed = page.getByTestId(`forecast-day-${FORECAST_CLOSING_DAY}`);

    expect(await saturday.textContent()).toContain('Weekend');
    expect(await saturday.textContent()).toContain('next run on Jun 9, 2025');
    expect(await closed.textContent()).toContain('Closing day');
    expect(await page.getByRole('img', { name: /Stacked bar chart/ }).count()).toBe(1);
    // The page has its own entity chooser besides the header's, because there are two entities.
    const chooser = page.getByRole('main').getByRole('combobox', { name: 'Entity' });
    expect(await chooser.inputValue()).toBe('E1 · Entity One');

    const files = await screenshots.captureBothLanguages(page, 'forecast');
    expect(files).toHaveLength(2);
  });

  it('shows the page in Dutch', async () => {
    const { page } = browser;
    await page.getByLabel('Language').getByText('NL', { exact: true }).click();
    await page.getByRole('heading', { name: 'Aanmaanprognose' }).waitFor();

    expect(await page.getByTestId('forecast-day-2025-06-07').textContent()).toContain('Weekend');
    expect(await page.getByTestId('summary-instalment-reminders').textContent()).toContain(
      'Termijnherinneringen5',
    );
    expect(await page.getByTestId(`forecast-day-${FORECAST_CLOSING_DAY}`).textContent()).toContain(
      'Sluitingsdag',
    );
    await page.getByLabel('Taal').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Dunning forecast' }).waitFor();
  });
});
