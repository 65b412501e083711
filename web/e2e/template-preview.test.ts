import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/create-user.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import {
  buildDebtor,
  buildEntity,
  buildInvoice,
} from '../../src/messaging/testing/message-factories.ts';
import { createOrganisation } from '../../src/organisations/organisations.ts';
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

const creditManager = { username: 'cora', password: 'correct horse battery' };

/**
 * The template preview in the browser: a credit manager picks the first
 * reminder of the standard profile and a German debtor, and sees the
 * e-mail in German, then the SMS with its segment count and the letter PDF.
 */
describe.skipIf(!hasChromium)('template preview in browser', () => {
  let testDatabase: TestDatabase;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('template-preview');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    const organisation = await createOrganisation(database, {
      live: true,
      slug: 'template-preview-browser',
      name: 'Template preview browser test',
      actor: 'browser-test',
    });
    await withOrganisation(database, organisation.id, (trx) =>
      createUser(trx, {
        organisationId: organisation.id,
        actor: 'browser-test',
        username: creditManager.username,
        email: 'cora@example.test',
        name: 'Cora de Vries',
        password: creditManager.password,
        group: 'credit-manager',
      }),
    );
    const entity = await buildEntity(database, organisation.id, { code: 'NL01' });
    const debtor = await buildDebtor(database, entity, {
      name: 'Müller & Söhne <GmbH>',
      language: 'de',
    });
    await buildInvoice(database, debtor, { number: 'R-2024-1', amount_minor: 123_456 });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database,
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

  it('previews a step for a debtor in their language', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('link', { name: 'Message templates' }).click();
    await page.getByRole('heading', { name: 'Message templates' }).waitFor();

    await page.getByTestId('template-step').click();
    await page.getByRole('option', { name: 'First reminder (reminder-1)' }).click();
    await page.getByTestId('template-debtor').click();
    await page.getByRole('option', { name: /Müller & Söhne <GmbH>/ }).click();
    await page.getByTestId('template-preview-button').click();
    const subject = page.getByTestId('template-preview-subject');
    await subject.waitFor();

    expect(await page.getByTestId('template-language').inputValue()).toBe('German');
    expect(await subject.textContent()).toBe('Subject: Zahlungserinnerung – Acme Holland B.V.');
    const frame = page.frameLocator('iframe[title="E-mail (HTML)"]');
    expect(await frame.locator('body').textContent()).toContain('Müller & Söhne <GmbH>');
    await screenshots.captureBothLanguages(page, 'email');

    await page.getByText('SMS', { exact: true }).click();
    await page.getByTestId('template-preview-button').click();
    const sms = page.getByTestId('template-preview-sms');
    await sms.waitFor();

    expect(await sms.textContent()).toContain('Acme Holland B.V.: laut unseren Unterlagen');
    expect(await page.getByText(/characters, 2 SMS messages \(GSM-7\)/).count()).toBe(1);
    await screenshots.captureBothLanguages(page, 'sms');

    await page.getByText('Letter', { exact: true }).click();
    await page.getByTestId('template-preview-button').click();
    const letter = page.locator('iframe[title="Letter (PDF)"]');
    await letter.waitFor();

    expect(await letter.getAttribute('src')).toMatch(/^blob:/);
  });
});
