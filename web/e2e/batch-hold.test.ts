import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
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
import { createScreenshotWriter } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const credentials = { username: 'anna', password: 'correct horse battery' };
const DEBTOR = { number: 'D-1001', name: 'Bakkerij De Korenaar B.V.' };

describe.skipIf(!hasChromium)('hold a debtor from batch review in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('batch-hold');

  /** Reads the statuses of the debtor's messages over all batches, sorted. */
  const messageStatuses = async () => {
    const rows = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
        .select('m.status')
        .where('d.number', '=', DEBTOR.number)
        .execute(),
    );
    return rows.map((row) => row.status).sort();
  };
  const readHold = () =>
    withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('debtors')
        .select(['dunning_hold_reason', 'dunning_hold_until'])
        .where('number', '=', DEBTOR.number)
        .executeTakeFirstOrThrow(),
    );

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'hold', ...credentials });
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

  it('holds the debtor from the batch', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, credentials);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    const statusesBefore = await messageStatuses();
    const pendingBefore = statusesBefore.filter((status) => status === 'pending');
    expect(pendingBefore.length).toBeGreaterThan(1);

    await page.getByRole('link', { name: 'Message batches' }).click();
    await page
      .getByTestId('batch-table')
      .first()
      .getByRole('row', { name: /E-mail/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^E-mail batch of/ }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(DEBTOR.name) });
    await row.getByTestId('hold-debtor').click();

    const dialog = page.getByRole('dialog', { name: `Hold ${DEBTOR.name} from dunning` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('pending messages leave every batch');
    await dialog.getByTestId('save-hold').click();
    await dialog.getByText('Say why the debtor is held.').waitFor();
    await dialog.getByTestId('hold-reason').fill('Pays through the administrator');
    await screenshots.captureBothLanguages(page, 'hold-dialog');
    await dialog.getByTestId('save-hold').click();

    await page
      .getByText(`${DEBTOR.name} is held; ${pendingBefore.length} pending messages were removed.`)
      .waitFor();
    await row.locator('[data-status=removed]').waitFor();
    expect(await row.getByTestId('hold-debtor').count()).toBe(0);
    expect(await messageStatuses()).toEqual(
      statusesBefore.map((status) => (status === 'pending' ? 'removed' : status)).sort(),
    );
    expect(await readHold()).toEqual({
      dunning_hold_reason: 'Pays through the administrator',
      dunning_hold_until: null,
    });
  });

  it('shows the hold on the debtor card and lifts it', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: DEBTOR.name }).click();
    await page.getByRole('heading', { name: DEBTOR.name }).waitFor();
    const hold = page.getByTestId('dunning-hold');
    await hold.waitFor();
    expect(await hold.textContent()).toContain('Pays through the administrator');
    expect(await hold.textContent()).toContain('Until the hold is lifted');
    expect(await hold.textContent()).toContain('Set by Anna Jansen');
    await screenshots.captureBothLanguages(page, 'debtor-card-hold');

    await hold.getByTestId('lift-hold').click();
    await hold.waitFor({ state: 'detached' });
    await page.getByText('The hold is lifted.', { exact: false }).waitFor();
    expect(await readHold()).toEqual({ dunning_hold_reason: null, dunning_hold_until: null });
  });
});
