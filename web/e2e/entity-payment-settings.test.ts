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

describe.skipIf(!hasChromium)('entity payment settings in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const directory = path.join(screenshotDirectory(), 'entity-payment-settings');

  beforeAll(async () => {
    const webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, {
      slug: 'payment-settings',
      ...administrator,
    });
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

  const storedEntity = () =>
    withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('entities')
        .select([
          'payment_reference_scheme',
          'allocation_order',
          'creditor_deducts_vat',
          'vat_rate_basis_points',
          'letter_delivery_working_days',
          'arrangement_grace_days',
          'payment_link_expiry_days',
          'message_payment_link_expiry_days',
        ])
        .where('id', '=', tenant.entityId)
        .executeTakeFirstOrThrow(),
    );

  it('saves the payment settings of an entity', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState('networkidle');
    await page.goto(`${baseUrl}/entities`);
    await page.getByTestId('entity-settings-table').getByRole('button').first().click();
    const payments = page.getByTestId('payment-settings');
    await payments.waitFor();

    await payments.getByLabel('Payment reference', { exact: true }).click();
    await page.getByRole('option', { name: 'Dutch payment reference (betalingskenmerk)' }).click();
    await payments.getByLabel('Order of settlement', { exact: true }).click();
    await page.getByRole('option', { name: 'Principal, then interest, then costs' }).click();
    await payments.getByLabel('The entity can deduct VAT').uncheck({ force: true });
    await payments.getByLabel('VAT rate on collection costs', { exact: true }).fill('9.5');
    await payments.getByLabel('Letter delivery (working days)', { exact: true }).fill('3');
    await payments.getByLabel('Grace days for instalments', { exact: true }).fill('7');
    await payments.getByLabel('Payment links work for (days)', { exact: true }).fill('14');
    await payments
      .getByLabel('Payment links in messages work for (days)', { exact: true })
      .fill('90');
    const saved = page.waitForResponse(
      (response) =>
        response.url().includes('/api/entities/') && response.request().method() === 'PATCH',
    );
    await page.getByRole('button', { name: 'Save changes' }).click();
    expect((await saved).status()).toBe(200);

    expect(await storedEntity()).toEqual({
      payment_reference_scheme: 'nl',
      allocation_order: 'principal_interest_costs',
      creditor_deducts_vat: false,
      vat_rate_basis_points: 950,
      letter_delivery_working_days: 3,
      arrangement_grace_days: 7,
      payment_link_expiry_days: 14,
      message_payment_link_expiry_days: 90,
    });

    await page.locator('.mantine-Notification-root').waitFor({ state: 'detached' });
    for (const language of ['en', 'nl'] as const) {
      await switchLanguage(page, language);
      await payments.scrollIntoViewIfNeeded();
      await payments.screenshot({ path: path.join(directory, `payment-settings-${language}.png`) });
    }
    // The Dutch form shows the stored rate with a decimal comma.
    await expect
      .poll(() => payments.getByLabel('Btw-tarief op incassokosten', { exact: true }).inputValue())
      .toBe('9,5');
    await switchLanguage(page, 'en');
  });

  it('rejects an unreadable VAT rate', async () => {
    const { page } = browser;
    const payments = page.getByTestId('payment-settings');

    await payments.getByLabel('VAT rate on collection costs', { exact: true }).fill('9.555');
    await page.getByRole('button', { name: 'Save changes' }).click();

    await expect.poll(() => payments.getByText('at most two decimals').count()).toBeGreaterThan(0);
    expect((await storedEntity()).vat_rate_basis_points).toBe(950);
  });

  it('adds and checks further bank accounts', async () => {
    const { page } = browser;
    await page.getByRole('tab', { name: 'Bank accounts' }).click();
    const form = page.getByTestId('bank-account-form');
    await form.waitFor();

    await form.getByLabel('Add IBAN', { exact: true }).fill('nl86 ingb 0002 4455 88');
    await form.getByRole('button', { name: 'Add' }).click();
    await page.getByTestId('bank-account-table').getByText('NL86 INGB 0002 4455 88').waitFor();

    await form.getByLabel('Add IBAN', { exact: true }).fill('NL91 ABNA 0417 1643 01');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByText('This is not a valid IBAN').waitFor();

    const stored = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('entity_bank_accounts')
        .select('iban')
        .where('entity_id', '=', tenant.entityId)
        .execute(),
    );
    expect(stored).toEqual([{ iban: 'NL86INGB0002445588' }]);

    const panel = page.locator('.mantine-Drawer-body');
    for (const language of ['en', 'nl'] as const) {
      await switchLanguage(page, language);
      await panel.screenshot({ path: path.join(directory, `bank-accounts-${language}.png`) });
    }
    await switchLanguage(page, 'en');
  });
});
