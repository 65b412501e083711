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

const administrator = { username: 'anna', password: 'correct horse battery' };
const LEARNED_IBAN = 'NL26INGB0417397051';
const SHARED_IBAN = 'NL98ABNA0113995039';

describe.skipIf(!hasChromium)('debtor bank accounts in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screens = createScreenshotWriter('debtor-bank-accounts');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'iban-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      const debtors = await trx
        .selectFrom('debtors')
        .select(['id', 'number'])
        .where('number', 'in', ['D-1001', 'D-1002'])
        .orderBy('number')
        .execute();
      const [bakery, northwind] = debtors;
      if (!bakery || !northwind) {
        throw new Error('the seeded tenant has no debtors D-1001 and D-1002');
      }
      debtorId = northwind.id;
      const account = (id: string, iban: string, source: 'import' | 'learned', name?: string) => ({
        organisation_id: tenant.organisationId,
        entity_id: tenant.entityId,
        debtor_id: id,
        iban,
        account_holder_name: name ?? null,
        source,
        created_by: 'browser-test',
      });
      await trx
        .insertInto('debtor_bank_accounts')
        .values([
          account(northwind.id, LEARNED_IBAN, 'learned', 'NORTHWIND TRADING LTD'),
          account(northwind.id, SHARED_IBAN, 'import'),
          account(bakery.id, SHARED_IBAN, 'import'),
        ])
        .execute();
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

  it('card lists accounts with source and sharing', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const table = page.getByTestId('debtor-bank-account-table');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';

    expect(text).toContain('NL26 INGB 0417 3970 51');
    expect(text).toContain('Learned');
    expect(text).toContain('Also an account of D-1001 Bakkerij De Korenaar B.V.');
    await page.getByTestId('debtor-bank-accounts').scrollIntoViewIfNeeded();
    await screens.captureBothLanguages(page, '01-accounts');
  });

  it('form rejects an IBAN failing its check', async () => {
    const { page } = browser;
    const form = page.getByTestId('debtor-bank-account-form');
    await form.getByLabel('New IBAN').fill('NL89 RABO 0895 3211 78');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByText('This is not a valid IBAN').waitFor();

    await screens.captureBothLanguages(page, '02-invalid-iban');
  });

  it('form adds an account by hand', async () => {
    const { page } = browser;
    const form = page.getByTestId('debtor-bank-account-form');
    await form.getByLabel('New IBAN').fill('nl88 rabo 0895 3211 78');
    await form.getByLabel('BIC (optional)').fill('RABONL2U');
    await form.getByLabel('Account holder (optional)').fill('Northwind Trading Ltd');
    await form.getByRole('button', { name: 'Add' }).click();
    const table = page.getByTestId('debtor-bank-account-table');
    await table.getByText('NL88 RABO 0895 3211 78').waitFor();

    expect(await table.textContent()).toContain('By hand');
    await screens.captureBothLanguages(page, '03-added');
  });

  it('remove button deletes an account', async () => {
    const { page } = browser;
    const table = page.getByTestId('debtor-bank-account-table');
    await table.getByRole('button', { name: 'Remove NL98 ABNA 0113 9950 39' }).click();
    await table.getByText('NL98 ABNA 0113 9950 39').waitFor({ state: 'detached' });

    expect(await table.textContent()).not.toContain('Also an account of');
  });
});
