import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { saveInvoiceDocument } from '../../src/invoices/invoice-documents.ts';
import { createLogger } from '../../src/logger.ts';
import { ingestBounce } from '../../src/messaging/bounces/ingest-bounce.ts';
import { buildDsn } from '../../src/messaging/bounces/testing/build-dsn.ts';
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
const pdf = (label: string) => Buffer.from(`%PDF-1.4\n% ${label}\n%%EOF\n`);

describe.skipIf(!hasChromium)('bounces, invoice copies and fax in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let debtorId: string;
  let bouncedAddress: string;
  /** The invoice seeded with a copy, and another one of the same debtor without. */
  let copiedNumber: string;
  let uncopiedNumber: string;
  let webDirectory: string;
  let uploadDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screens = createScreenshotWriter('delivery-records');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    uploadDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-copies-'));
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'delivery-browser', ...administrator });
    const context = { organisationId: tenant.organisationId, actor: 'browser-test' };

    // The first debtor with an e-mail: its older invoice gets a stored copy, and its e-mail bounced.
    const smtpMessageId = await withOrganisation(database, tenant.organisationId, async (trx) => {
      const message = await trx
        .selectFrom('messages as m')
        .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
        .select(['m.id', 'd.id as debtorId', 'd.email'])
        .where('m.channel', '=', 'email')
        .orderBy('d.number')
        .executeTakeFirstOrThrow();
      debtorId = message.debtorId;
      bouncedAddress = message.email ?? '';
      const [invoice, other] = await trx
        .selectFrom('invoices')
        .select(['id', 'number'])
        .where('debtor_id', '=', debtorId)
        .orderBy('due_date')
        .execute();
      if (!invoice || !other) {
        throw new Error('The seeded debtor needs two invoices.');
      }
      copiedNumber = invoice.number;
      uncopiedNumber = other.number;
      await saveInvoiceDocument(trx, context, {
        invoiceId: invoice.id,
        fileName: `${invoice.number}.pdf`,
        content: pdf(invoice.number),
      });
      const id = `<${message.id}@collecta.example>`;
      await trx
        .updateTable('messages')
        .set({ status: 'sent', smtp_message_id: id, sent_at: new Date() })
        .where('id', '=', message.id)
        .execute();
      return id;
    });
    await ingestBounce(
      database,
      { ...context, logger: createLogger('silent') },
      buildDsn('failedUserUnknown', { recipient: bouncedAddress, messageId: smtpMessageId }),
    );

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
    for (const directory of [webDirectory, uploadDirectory]) {
      if (directory) {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    }
  });

  it('debtor card shows the bounce and copies', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    const bounced = page.getByTestId('bounced-addresses');
    await bounced.waitFor();
    await page
      .getByTestId(`invoice-copy-${copiedNumber}`)
      .getByRole('link', { name: `Download ${copiedNumber}.pdf` })
      .waitFor();

    expect(await bounced.textContent()).toContain(bouncedAddress);
    expect(await bounced.textContent()).toContain('Reason: 5.1.1 550 5.1.1');
    expect(await page.getByTestId(`invoice-copy-${uncopiedNumber}`).getByRole('link').count()).toBe(
      0,
    );
    const delivery = page.getByTestId('delivery-status').first();
    expect(await delivery.getAttribute('data-delivery')).toBe('bounced');
    expect(await delivery.textContent()).toContain('Bounced');
    expect(await delivery.textContent()).toContain('Reason: 5.1.1');
    await screens.captureBothLanguages(page, '01-debtor-card');
  });

  it('batch shows bounced and delayed', async () => {
    const { page } = browser;
    const batchId = await withOrganisation(
      testDatabase.database,
      tenant.organisationId,
      async (trx) => {
        const bounced = await trx
          .selectFrom('messages')
          .select(['batch_id'])
          .where('debtor_id', '=', debtorId)
          .where('delivery_status', '=', 'bounced')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('messages')
          .set({ status: 'sent', delivery_status: 'delayed', sent_at: new Date() })
          .where('batch_id', '=', bounced.batch_id)
          .where('debtor_id', '<>', debtorId)
          .execute();
        return bounced.batch_id;
      },
    );
    await page.goto(`${baseUrl}/batches/${batchId}`);
    await page.getByTestId('message-table').waitFor();

    const outcomes = await page
      .getByTestId('delivery-status')
      .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-delivery')));
    expect(outcomes).toContain('bounced');
    expect(outcomes).toContain('delayed');
    await screens.captureBothLanguages(page, '01b-batch-delivery');

    // The tests below work on the debtor card.
    await page.goto(`${baseUrl}/debtors/${debtorId}`);
    await page.getByTestId('bounced-addresses').waitFor();
  });

  it('uploads an invoice copy', async () => {
    const { page } = browser;
    const file = path.join(uploadDirectory, 'scanned copy.pdf');
    fs.writeFileSync(file, pdf('scanned'));
    const secondRow = page.getByTestId(`invoice-copy-${uncopiedNumber}`);
    const chooser = page.waitForEvent('filechooser');
    await secondRow.getByRole('button', { name: 'Upload PDF' }).click();
    await (await chooser).setFiles(file);

    await secondRow.getByRole('link', { name: 'Download scanned copy.pdf' }).waitFor();
    const download = await page.request.get(
      `${baseUrl}${await secondRow.getByRole('link').getAttribute('href')}`,
    );
    expect(Buffer.from(await download.body()).equals(pdf('scanned'))).toBe(true);
    await screens.captureBothLanguages(page, '02-copy-uploaded');
  });

  it('clears the bounce flag', async () => {
    const { page } = browser;
    await page.getByTestId('bounced-addresses').getByRole('button', { name: 'Clear flag' }).click();
    await page.getByTestId('bounced-addresses').waitFor({ state: 'detached' });

    const flags = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx.selectFrom('invalid_email_addresses').select('address').execute(),
    );
    expect(flags).toEqual([]);
  });

  it('sets the fax gateway', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/setup`);
    await page
      .getByRole('navigation')
      .getByRole('button', { name: /^Channels/ })
      .click();
    const fax = page.getByTestId('fax-channel');
    await fax.waitFor();
    await fax.getByRole('textbox', { name: 'Gateway address' }).fill('{number}@fax.example.net');
    await fax.getByTestId('fax-example').waitFor();
    await fax.getByRole('button', { name: 'Save fax settings' }).click();
    await fax.getByText('Set up', { exact: true }).waitFor();

    expect(await fax.getByTestId('fax-example').textContent()).toBe(
      'A fax to +31 20 123 4567 goes to 31201234567@fax.example.net.',
    );
    await screens.captureBothLanguages(page, '03-fax-channel');
  });
});
