import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { assignDebtorSegments } from '../../src/segments/assign-debtor-segments.ts';
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

describe.skipIf(!hasChromium)('debtor segment in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screens = createScreenshotWriter('debtor-segment');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'segment-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const profile = await trx
        .selectFrom('succession_profiles')
        .select('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('segments')
        .values({
          organisation_id: tenant.organisationId,
          name: 'Large balances',
          priority: 10,
          rules: JSON.stringify([{ field: 'overdueTotal', operator: 'greaterThan', value: 100 }]),
          profile_id: profile.id,
        })
        .execute();
      await assignDebtorSegments(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entityId,
        asOf: tenant.today,
        source: 'nightly',
        actor: 'system:segments',
      });
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'Northwind Trading Ltd')
        .executeTakeFirstOrThrow();
      debtorId = debtor.id;
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

  it('debtor card shows the segment and its reason', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const history = page.getByTestId('debtor-segment-history');
    await history.waitFor();

    expect(await history.textContent()).toContain(
      'rule: overdueTotal greaterThan 100 matched in segment "Large balances"',
    );
    await screens.captureBothLanguages(page, '01-debtor-card');
  });

  it('pin switch pins the debtor', async () => {
    const { page } = browser;
    const panel = page.getByTestId('debtor-segment');
    // Mantine draws the switch over a transparent input, which is what takes the click.
    await panel.getByRole('switch', { name: 'Pinned' }).click({ force: true });
    await panel.getByText(/^Pinned by anna on /).waitFor();

    expect(await page.getByTestId('debtor-segment-history').textContent()).toContain(
      'pinned by anna',
    );
    await screens.captureBothLanguages(page, '02-pinned');
  });

  it('segment step lists debtors and amounts', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/setup`);
    const stepList = page.getByRole('navigation', { name: 'Set-up steps' });
    await stepList.getByRole('button', { name: /^Segments/ }).click();
    const table = page.getByTestId('segment-table');
    await table.getByText('Large balances').waitFor();
    const row = table.locator('tbody tr', { hasText: 'Large balances' });

    expect(await row.textContent()).toMatch(/€/);
    await screens.captureBothLanguages(page, '03-segments');
  });
});
