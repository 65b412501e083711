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

const administrator = { username: 'carla', password: 'correct horse battery' };

/*
 * Van den Berg Installatietechniek of seed-tenant.ts owes 730.00 on one
 * invoice. The test charges it collection costs of 109.50 and interest of
 * 12.34 over two rate periods, as dunning steps would, then checks the
 * customer card's charges panel and waives the interest with a reason.
 */
describe.skipIf(!hasChromium)('charges panel in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let interestId: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('charges-panel');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'charges-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const invoice = await trx
        .selectFrom('invoices as i')
        .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
        .select(['i.id', 'i.debtor_id'])
        .where('d.name', '=', 'Van den Berg Installatietechniek')
        .where('i.amount_minor', '=', 73_000)
        .executeTakeFirstOrThrow();
      debtorId = invoice.debtor_id;
      const charge = {
        organisation_id: tenant.organisationId,
        entity_id: tenant.entityId,
        debtor_id: invoice.debtor_id,
        invoice_id: invoice.id,
        charged_on: tenant.today,
        currency: 'EUR',
      };
      await trx
        .insertInto('charges')
        .values({
          ...charge,
          kind: 'collection_costs',
          amount_minor: 10_950,
          calculation: JSON.stringify({ principalMinor: 73_000 }),
        })
        .execute();
      const interest = await trx
        .insertInto('charges')
        .values({
          ...charge,
          kind: 'interest',
          amount_minor: 1_234,
          calculation: JSON.stringify({
            periods: [
              {
                from: '2025-06-01',
                to: '2025-06-30',
                days: 30,
                basisPoints: 1115,
                baseMinor: 73_000,
              },
              {
                from: '2025-07-01',
                to: '2025-07-31',
                days: 31,
                basisPoints: 1015,
                baseMinor: 73_000,
              },
            ],
          }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      interestId = interest.id;
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

  it('card charges and waive', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const panel = page.getByTestId('charges-panel');
    const rows = panel.getByTestId('charge-row');
    await rows.first().waitFor();

    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Collection costs');
    expect(await rows.nth(0).textContent()).toContain('€109.50');
    expect(await rows.nth(1).textContent()).toContain('11.15%');
    expect(await rows.nth(1).textContent()).toContain('€12.34');
    expect(await panel.getByTestId('charges-total').textContent()).toContain('€121.84');
    await screenshots.captureBothLanguages(page, 'charges');

    await rows.nth(1).getByRole('button', { name: 'Waive' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('waive-reason').fill('Goodwill after the call.');
    await dialog.getByTestId('waive-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await rows.nth(1).getByText('Waived').waitFor();

    const stored = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('charges')
        .select(['waived_at', 'waive_reason'])
        .where('id', '=', interestId)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.waived_at).not.toBeNull();
    expect(stored.waive_reason).toBe('Goodwill after the call.');
    expect(await panel.getByTestId('charges-total').textContent()).toContain('€109.50');
    await screenshots.captureBothLanguages(page, 'waived');
  });
});
