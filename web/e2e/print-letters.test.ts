import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
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
import { seedTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const credentials = { username: 'paula', password: 'correct horse battery' };

describe.skipIf(!hasChromium)('print letters in browser', () => {
  let testDatabase: TestDatabase;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    await seedTenant(testDatabase.database, { slug: 'print', ...credentials });
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

  it('downloads the letter batch as one PDF', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, credentials);
    await page.getByRole('heading', { name: 'Today' }).waitFor();

    await page.getByRole('link', { name: 'Message batches', exact: true }).click();
    await page
      .getByTestId('batch-table')
      .first()
      .getByRole('row', { name: /Letter/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^Letter batch of/ }).waitFor();

    const button = page.getByRole('link', { name: 'Print all letters (PDF)' });
    const href = await button.getAttribute('href');
    expect(href).toMatch(/^\/api\/batches\/[0-9a-f-]{36}\/letters\.pdf$/);
    expect(await button.getAttribute('target')).toBe('_blank');
    const download = await page.evaluate(async (url) => {
      const response = await fetch(url);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        start: String.fromCharCode(...bytes.slice(0, 5)),
      };
    }, href ?? '');
    expect(download.status).toBe(200);
    expect(download.type).toBe('application/pdf');
    expect(download.start).toBe('%PDF-');

    await createScreenshotWriter('print-letters').captureBothLanguages(page, 'letter-batch');
  });

  it('offers no print button on an e-mail batch', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Message batches', exact: true }).click();
    await page
      .getByTestId('batch-table')
      .first()
      .getByRole('row', { name: /E-mail/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^E-mail batch of/ }).waitFor();

    expect(await page.getByRole('link', { name: 'Print all letters (PDF)' }).count()).toBe(0);
  });
});
