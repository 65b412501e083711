import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { reserveLocalPort } from '../../src/payment-links/testing/payment-link-fixture.ts';
import { buildDebtorPortalLink } from '../../src/portal/debtor-portal-link.ts';
import { buildServer } from '../../src/server/app.ts';
import { buildLogoPng } from '../../src/testing/build-logo-png.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/test-database.ts';
import {
  buildWebApp,
  chromiumPath,
  hasChromium,
  openBrowser,
  type BrowserSession,
} from './browser-session.ts';
import { createScreenshotWriter } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

/*
 * Van den Berg Installatietechniek of seed-tenant.ts owes 10000.00 on one
 * invoice and 730.00 on another; the test charges collection costs and
 * interest on the second. The debtor opens its portal link, finds both
 * invoices with the charges, gets the bank transfer details (the
 * organisation has no payment provider) and requests a payment arrangement.
 */
describe.skipIf(!hasChromium)('customer portal in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let portalUrl: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('portal');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, {
      slug: 'portal-browser',
      username: 'anna',
      password: 'correct horse battery',
    });
    const port = await reserveLocalPort();
    baseUrl = `http://127.0.0.1:${port}`;
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      await trx
        .updateTable('entities')
        .set({
          iban: 'NL91ABNA0417164300',
          bic: 'ABNANL2A',
          logo: buildLogoPng(),
          logo_content_type: 'image/png',
        })
        .where('id', '=', tenant.entityId)
        .execute();
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'Van den Berg Installatietechniek')
        .executeTakeFirstOrThrow();
      debtorId = debtor.id;
      const invoice = await trx
        .selectFrom('invoices')
        .select('id')
        .where('debtor_id', '=', debtorId)
        .where('amount_minor', '=', 73_000)
        .executeTakeFirstOrThrow();
      for (const [kind, amountMinor] of [
        ['collection_costs', 10_950],
        ['interest', 822],
      ] as const) {
        await trx
          .insertInto('charges')
          .values({
            organisation_id: tenant.organisationId,
            entity_id: tenant.entityId,
            debtor_id: debtorId,
            invoice_id: invoice.id,
            kind,
            charged_on: tenant.today,
            currency: 'EUR',
            amount_minor: amountMinor,
            vat_minor: 0,
            calculation: JSON.stringify({ browserTest: true }),
          })
          .execute();
      }
      const link = await buildDebtorPortalLink(trx, {
        organisationId: tenant.organisationId,
        debtorId,
        publicUrl: baseUrl,
      });
      portalUrl = link ?? '';
    });

    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: baseUrl }),
      database,
      logger: createLogger('silent'),
      webDirectory,
    });
    await app.listen({ host: '127.0.0.1', port });
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

  it('shows invoices and requests an arrangement', async () => {
    const { page } = browser;
    // Dutch money has a no-break space after the euro sign.
    const text = async (locator: Locator) =>
      (await locator.textContent())?.replace(/\u00a0/g, ' ') ?? '';
    expect(portalUrl).toMatch(new RegExp(`^${baseUrl}/portal/[A-Za-z0-9_-]{64}$`));
    await page.goto(portalUrl);
    await page.waitForURL(`${baseUrl}/portal`);

    // The debtor's language is Dutch, so the portal opens in Dutch.
    await page.getByRole('heading', { name: 'Openstaande facturen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    const rows = page.getByTestId('open-invoice');
    expect(await rows.count()).toBe(2);
    const charged = rows.filter({ hasText: /730[.,]00/ });
    expect(await text(charged.getByTestId('costs-open'))).toBe('€ 109,50');
    expect(await text(charged.getByTestId('interest-open'))).toBe('€ 8,22');
    expect(await text(page.getByTestId('open-total'))).toContain('€ 10.847,72');
    expect(await page.locator('header img').count()).toBe(1);
    await screenshots.captureBothLanguages(page, 'invoices');

    expect(await text(charged.getByTestId('costs-open'))).toBe('€109.50');
    await page.getByRole('button', { name: 'Pay 2 invoices' }).click();
    const transfer = page.getByTestId('bank-transfer');
    await transfer.waitFor();
    expect(await text(transfer)).toContain('€10,847.72');
    expect(await text(transfer)).toContain('NL91 ABNA 0417 1643 00');
    expect(await transfer.locator('img').count()).toBe(1);
    await screenshots.captureBothLanguages(page, 'bank-transfer');

    await page
      .getByRole('checkbox', { name: /^Choose invoice / })
      .first()
      .uncheck();
    await page.getByTestId('request-arrangement').click();
    const arrangement = page.getByTestId('arrangement');
    await arrangement.waitFor();
    expect(await arrangement.getByText('Requested').count()).toBe(1);
    expect(await arrangement.locator('tbody tr').count()).toBe(3);
    await screenshots.captureBothLanguages(page, 'arrangement-requested');

    const stored = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('arrangements')
        .select(['status', 'source', 'instalment_count'])
        .where('debtor_id', '=', debtorId)
        .execute(),
    );
    expect(stored).toEqual([{ status: 'requested', source: 'portal', instalment_count: 3 }]);
  });

  it('wrong link shows a 404 page', async () => {
    const page = await browser.context.newPage();
    const response = await page.goto(`${portalUrl.slice(0, -4)}AAAA`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { name: 'This link does not work' }).waitFor();
    await page.screenshot({ path: path.join(screenshots.directory, 'invalid-link.png') });
    await page.close();
  });
});
