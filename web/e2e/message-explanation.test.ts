import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { runDunning } from '../../src/dunning/run-dunning.ts';
import {
  insertDebtor,
  insertInvoice,
  insertProfile,
  insertPromise,
  type TestTenant,
} from '../../src/dunning/test-factories.ts';
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

/**
 * Gives the default profile "Standard" a stricter profile "Strict" from two
 * broken promises, adds debtor D-1009 with two broken promises and two
 * overdue invoices, pins it to the default segment, and runs today again.
 * "Strict" has one per-invoice e-mail step that adds collection costs.
 * Debtor D-1010 has no e-mail address, so its e-mail step goes as a letter,
 * and one of its two invoices is on hold. The entity gets an IBAN, so that the
 * e-mails carry a payment QR code.
 */
async function seedEscalatedDebtor(testDatabase: TestDatabase, seeded: SeededTenant) {
  await withOrganisation(testDatabase.database, seeded.organisationId, async (trx) => {
    const entity = await trx
      .selectFrom('entities')
      .selectAll()
      .where('id', '=', seeded.entityId)
      .executeTakeFirstOrThrow();
    const tenant: TestTenant = { organisationId: seeded.organisationId, entity };
    await trx
      .updateTable('entities')
      .set({ iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' })
      .where('id', '=', entity.id)
      .execute();
    const strictId = await insertProfile(trx, tenant, {
      name: 'Strict',
      steps: [
        {
          name: 'Strict reminder',
          dayOffset: 5,
          templateKey: 'reminder-1',
          scope: 'invoice',
          addsCollectionCosts: true,
        },
      ],
    });
    await trx
      .updateTable('succession_profiles')
      .set({ stricter_profile_id: strictId, broken_promises_threshold: 2 })
      .where('name', '=', 'Standard')
      .execute();
    const segment = await trx
      .selectFrom('segments')
      .select('id')
      .where('is_default', '=', true)
      .executeTakeFirstOrThrow();
    const debtorId = await insertDebtor(trx, tenant, {
      number: 'D-1009',
      name: 'Hollands Glorie B.V.',
      language: 'nl',
      segmentId: segment.id,
    });
    await trx
      .updateTable('debtors')
      .set({ segment_pinned: true, segment_pinned_by: 'Anna Jansen' })
      .where('id', '=', debtorId)
      .execute();
    await trx
      .insertInto('segment_changes')
      .values({
        organisation_id: seeded.organisationId,
        entity_id: seeded.entityId,
        debtor_id: debtorId,
        from_segment_id: null,
        to_segment_id: segment.id,
        reason: 'pinned by Anna Jansen',
        source: 'manual',
        changed_by: 'browser-test',
      })
      .execute();
    for (const [number, days] of [
      ['F29001', 9],
      ['F29002', 14],
    ] as const) {
      await insertInvoice(trx, tenant, {
        debtorId,
        number,
        dueDate: addDays(seeded.today, -days),
        amount: '420.00',
      });
    }
    const withoutEmail = await insertDebtor(trx, tenant, {
      number: 'D-1010',
      name: 'Zonder Mail B.V.',
      language: 'nl',
      email: null,
      addressLine: 'Kerkstraat 12',
      postalCode: '1017 GC',
      city: 'Amsterdam',
      segmentId: segment.id,
    });
    await insertInvoice(trx, tenant, {
      debtorId: withoutEmail,
      number: 'F29010',
      dueDate: addDays(seeded.today, -9),
      amount: '250.00',
    });
    await insertInvoice(trx, tenant, {
      debtorId: withoutEmail,
      number: 'F29011',
      dueDate: addDays(seeded.today, -9),
      amount: '180.00',
      holdReason: 'disputed by customer',
    });
    for (const days of [40, 70]) {
      await insertPromise(trx, tenant, {
        debtorId,
        promisedDate: addDays(seeded.today, -days),
        amount: '100.00',
        status: 'broken',
      });
    }
    await runDunning(trx, {
      organisationId: seeded.organisationId,
      entityId: seeded.entityId,
      asOf: seeded.today,
      dryRun: false,
      actor: 'browser-test',
    });
  });
}

describe.skipIf(!hasChromium)('message explanation in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'explain', ...credentials });
    await seedEscalatedDebtor(testDatabase, tenant);
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

  it('shows segment, stricter profile and step', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, credentials);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.getByRole('link', { name: 'Message batches' }).click();
    await page
      .getByTestId('batch-table')
      .first()
      .getByRole('row', { name: /E-mail/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^E-mail batch of/ }).waitFor();

    const rows = page.getByRole('row', { name: /Hollands Glorie/ });
    expect(await rows.count()).toBe(2);
    await rows.first().getByRole('button', { name: 'Preview' }).click();
    const explanation = page.getByTestId('message-explanation');
    await explanation.waitFor();
    const text = await explanation.textContent();

    expect(text).toContain('Default · pinned by hand');
    expect(text).toContain(
      'Stricter profile instead of Standard: 2 broken promises to pay in the last 12 months (threshold 2)',
    );
    expect(text).toContain(
      '5 days after the due date · one message per invoice · adds collection costs',
    );
    const invoices = await explanation.getByTestId('explanation-invoices').textContent();
    expect(invoices).toMatch(/F2900[12]/);
    expect(invoices).toContain('420.00');

    // The QR code reaches the preview as a data: URL and loads under the page's CSP.
    const frame = page.getByTestId('preview-frame');
    const html = (await frame.getAttribute('srcdoc')) ?? '';
    expect(html).not.toContain('cid:');
    expect(html).toContain('data:image/png;base64,');
    const qrWidth = await page
      .frameLocator('[data-testid="preview-frame"]')
      .locator('img[src^="data:image/png"]')
      .evaluate((image: HTMLImageElement) => image.naturalWidth);
    expect(qrWidth).toBeGreaterThan(0);

    const screenshots = createScreenshotWriter('message-explanation');
    const files = await screenshots.captureBothLanguages(page, 'message-detail');
    expect(files).toHaveLength(2);
    expect(await explanation.textContent()).toContain('Why this message');
  });

  it('shows the reason on the debtor card', async () => {
    const { page } = browser;
    await page.keyboard.press('Escape');
    await page.getByTestId('message-explanation').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Hollands Glorie B.V.' }).first().click();
    await page.getByRole('heading', { name: 'Hollands Glorie B.V.' }).waitFor();

    const toggles = page.getByRole('button', { name: 'Show the reason' });
    expect(await toggles.count()).toBe(2);
    await toggles.first().click();
    const explanation = page.getByTestId('message-explanation');
    await explanation.waitFor();

    expect(await explanation.textContent()).toContain('Strict reminder');
    const screenshots = createScreenshotWriter('message-explanation');
    const files = await screenshots.captureBothLanguages(page, 'debtor-timeline');
    expect(files).toHaveLength(2);
  });

  it('notes the letter fallback', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Message batches' }).click();
    await page
      .getByTestId('batch-table')
      .first()
      .getByRole('row', { name: /Letter/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: /^Letter batch of/ }).waitFor();
    await page
      .getByRole('row', { name: /Zonder Mail/ })
      .getByRole('button', { name: 'Preview' })
      .click();
    const note = page.getByTestId('explanation-fallback');
    await note.waitFor();

    expect(await note.textContent()).toContain('Sent as Letter instead of E-mail');
    const explanation = page.getByTestId('message-explanation');
    expect(await explanation.getByTestId('explanation-invoices').textContent()).toContain('F29010');
    const onHold = await explanation.getByTestId('explanation-on-hold').textContent();
    expect(onHold).toContain('F29011');
    expect(onHold).toContain('disputed by customer');
    const screenshots = createScreenshotWriter('message-explanation');
    await screenshots.captureBothLanguages(page, 'letter-fallback');
  });
});
