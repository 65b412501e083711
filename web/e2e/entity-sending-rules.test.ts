import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { buildServer } from '../../src/server/app.ts';
import { screenshotDirectory } from '../../src/testing/screenshot-directory.ts';
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
import { switchLanguage } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = { username: 'anna', password: 'correct horse battery' };

describe.skipIf(!hasChromium)('entity sending rules in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const directory = path.join(screenshotDirectory(), 'entity-sending-rules');

  beforeAll(async () => {
    const webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'sending-rules', ...administrator });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
    fs.mkdirSync(directory, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDatabase?.drop();
  });

  it('saves the sending rules of an entity', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState('networkidle');
    await page.goto(`${baseUrl}/entities`);
    await page.getByTestId('entity-settings-table').getByRole('button').first().click();
    const rules = page.getByTestId('sending-rules');
    await rules.waitFor();

    await rules.getByLabel('Maximum contacts per debtor per week').fill('3');
    await rules.getByLabel('E-mail and SMS from').fill('08:00');
    await rules.getByLabel('E-mail and SMS until').fill('17:30');
    const saved = page.waitForResponse(
      (response) =>
        response.url().includes('/api/entities/') && response.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect((await saved).status()).toBe(200);

    const stored = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('entities')
        .select(['max_contacts_per_week', 'sending_window_start', 'sending_window_end'])
        .where('id', '=', tenant.entityId)
        .executeTakeFirstOrThrow(),
    );
    expect(stored).toEqual({
      max_contacts_per_week: 3,
      sending_window_start: '08:00',
      sending_window_end: '17:30',
    });

    // The toast stays in the language it was made in, so it goes before the screenshots.
    // The toast closes by itself after a few seconds; under load it may be gone already.
    await page.locator('.mantine-Notification-root').waitFor({ state: 'detached' });
    for (const language of ['en', 'nl'] as const) {
      await switchLanguage(page, language);
      await rules.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(directory, `sending-rules-${language}.png`) });
    }
    await switchLanguage(page, 'en');
  });
});
