import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/create-user.ts';
import { startDnsServer, type TestDnsServer } from '../../src/channels/testing/start-dns-server.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import {
  startSmtpServer,
  type TestSmtpServer,
} from '../../src/messaging/testing/start-smtp-server.ts';
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
import { createScreenshotWriter, type ScreenshotWriter } from './screenshots.ts';
import { writeReceivablesCsv } from './wizard-receivables.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const credentials = { username: 'wim', password: 'correct horse battery' };
const senderDomain = 'wizard.example.test';

/**
 * Walks the provisioning wizard of a new organisation (one administrator,
 * nothing else, not live) through the browser, step by step, from login to
 * the first message batch. Each test continues where the previous one
 * stopped and saves a screenshot of its step in English and Dutch.
 */
describe.skipIf(!hasChromium)('provisioning wizard in browser', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  let smtp: TestSmtpServer;
  let dns: TestDnsServer;
  let screens: ScreenshotWriter;
  let csvDirectory: string;

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const organisation = await createOrganisation(testDatabase.database, {
      slug: 'wizard',
      name: 'Wizard test organisation',
      actor: 'browser-test',
    });
    organisationId = organisation.id;
    await withOrganisation(testDatabase.database, organisationId, (trx) =>
      createUser(trx, {
        organisationId,
        actor: 'browser-test',
        username: credentials.username,
        email: 'wim@example.test',
        name: 'Wim de Beheerder',
        password: credentials.password,
        group: 'administrator',
      }),
    );

    smtp = await startSmtpServer();
    // SPF and DMARC are published, DKIM is not, so the check shows both states.
    dns = await startDnsServer({
      [senderDomain]: ['v=spf1 ip4:127.0.0.1 -all'],
      [`_dmarc.${senderDomain}`]: ['v=DMARC1; p=none'],
    });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent', COLLECTA_DNS_SERVERS: dns.address }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    browser = await openBrowser('en-GB');
    // Each step continues from the last, so a failure should surface fast instead of after 30 s.
    browser.page.setDefaultTimeout(15_000);
    screens = createScreenshotWriter('provisioning-wizard');
    csvDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-wizard-csv-'));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await dns?.close();
    await smtp?.close();
    await testDatabase?.drop();
    for (const directory of [webDirectory, csvDirectory]) {
      if (directory) {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    }
  });

  // Each test continues where the previous one stopped, so after a failure the rest are skipped.
  let failed = false;
  beforeEach((context) => {
    if (failed) {
      context.skip();
    }
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') {
      failed = true;
    }
  });

  function step(page: Page, key: string) {
    return page.getByTestId(`wizard-step-${key}`);
  }

  async function completeStep(page: Page, next: string) {
    await page.getByTestId('complete-step').click();
    await step(page, next).waitFor();
  }

  it('lands on set-up after login', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, credentials);

    await page.waitForURL(`${baseUrl}/setup`);
    await step(page, 'organisation').waitFor();
    expect(await page.getByTestId('not-live-banner').textContent()).toContain('dry runs');
    await page
      .getByRole('textbox', { name: 'Organisation name', exact: true })
      .fill('Wizard Groep B.V.');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Organisation name saved.').waitFor();
    await screens.captureBothLanguages(page, '01-organisation');

    await completeStep(page, 'entities');
  });

  it('adds an entity', async () => {
    const { page } = browser;
    const form = page.getByTestId('entity-form');
    await form.getByRole('textbox', { name: 'Code', exact: true }).fill('NL01');
    await form
      .getByRole('textbox', { name: 'Legal name', exact: true })
      .fill('Wizard Nederland B.V.');
    await chooseOption(
      page,
      form.getByRole('combobox', { name: 'Country', exact: true }),
      'Netherlands',
    );
    await chooseOption(page, form.getByRole('combobox', { name: 'Currency', exact: true }), 'EUR');
    // Every day a working day and no holidays, so that today's run sends whatever day it is.
    for (const day of ['Sat', 'Sun']) {
      await form.getByTestId('working-days').getByText(day, { exact: true }).click();
    }
    await chooseOption(
      page,
      form.getByRole('combobox', { name: 'Public holidays', exact: true }),
      'None',
    );
    await form.getByRole('textbox', { name: 'IBAN', exact: true }).fill('NL91ABNA0417164300');
    await screens.captureBothLanguages(page, '02-entity-form');
    await form.getByRole('button', { name: 'Add entity' }).click();

    const table = page.getByTestId('entity-table');
    await table.getByRole('cell', { name: 'NL01' }).waitFor();
    await screens.captureBothLanguages(page, '02-entity-list');

    await completeStep(page, 'users');
  });

  it('invites a user', async () => {
    const { page } = browser;
    const form = page.getByTestId('invite-form');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Carla Kredietbeheer');
    await form.getByRole('textbox', { name: 'E-mail', exact: true }).fill('carla@example.test');
    await form.getByRole('textbox', { name: 'Username', exact: true }).fill('carla');
    await form.getByRole('button', { name: 'Invite' }).click();

    const link = page.getByTestId('invitation-link');
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/\/accept-invitation\?token=/);
    await page
      .getByTestId('user-table')
      .getByRole('cell', { name: 'carla', exact: true })
      .waitFor();
    await screens.captureBothLanguages(page, '03-users');

    await completeStep(page, 'processes');
  });

  it('loads the preset issue categories', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Load the preset processes' }).click();
    const days = page.getByRole('textbox', {
      name: 'Days to resolve Invoice not received',
      exact: true,
    });
    await days.waitFor();
    await days.fill('7');
    await days.blur();
    await expect.poll(() => categoryDays('Invoice not received'), { timeout: 10_000 }).toBe(7);
    await screens.captureBothLanguages(page, '04-processes');

    await completeStep(page, 'segments');
  });

  it('resumes at the stored step after a reload', async () => {
    const { page } = browser;
    await page.reload();
    await step(page, 'segments').waitFor();
    const stepList = page.getByRole('navigation', { name: 'Set-up steps' });
    expect(await stepList.locator('[data-done=true]').count()).toBe(4);

    // A done step opens again and stays done.
    await stepList.getByRole('button', { name: /^Organisation/ }).click();
    await step(page, 'organisation').waitFor();
    expect(await page.getByTestId('complete-step').isVisible()).toBe(true);
    await stepList.getByRole('button', { name: /^Segments/ }).click();
    await step(page, 'segments').waitFor();
    expect(await stepList.locator('[data-done=true]').count()).toBe(4);
  });

  it('keeps the default segment', async () => {
    const { page } = browser;
    const table = page.getByTestId('segment-table');
    await table.getByText('Every other debtor').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await screens.captureBothLanguages(page, '05-segments');

    // The rule editor opens and closes again without adding a segment.
    await page.getByRole('button', { name: 'Add a segment' }).click();
    await page.getByTestId('segment-rule').waitFor();
    await screens.captureBothLanguages(page, '05-segment-form');
    await page.getByTestId('segment-form').getByRole('button', { name: 'Cancel' }).click();
    expect(await table.locator('tbody tr').count()).toBe(1);

    await completeStep(page, 'profiles');
  });

  it('picks a profile preset', async () => {
    const { page } = browser;
    const card = page.getByTestId('segment-profile').first();
    await card.getByText('Consumers (NL)', { exact: true }).click();
    await card.getByText('Fourteen-day letter', { exact: true }).waitFor();
    await screens.captureBothLanguages(page, '06-profile-b2c-preset');
    await card.getByText('Gentle', { exact: true }).click();
    await card.getByRole('button', { name: 'Use Gentle for this segment' }).click();
    await card.getByText('In use for this segment').waitFor();
    expect(await card.textContent()).toContain('Current profile: Gentle');
    await screens.captureBothLanguages(page, '06-profiles');

    await completeStep(page, 'channels');
  });

  it('sets up and tests SMTP', async () => {
    const { page } = browser;
    const email = page.getByTestId('email-channel');
    await email.getByRole('textbox', { name: 'SMTP server', exact: true }).fill('127.0.0.1');
    await email.getByRole('textbox', { name: 'Port', exact: true }).fill(String(smtp.port));
    await email
      .getByRole('textbox', { name: 'Sender address', exact: true })
      .fill(`debiteuren@${senderDomain}`);
    await email.getByRole('textbox', { name: 'Sender name', exact: true }).fill('Wizard Nederland');
    await email.getByRole('button', { name: 'Save e-mail settings' }).click();

    await email
      .getByRole('textbox', { name: 'Send a test message to', exact: true })
      .fill('wim@example.test');
    await email.getByRole('button', { name: 'Send test message' }).click();
    await page.getByTestId('test-email-sent').waitFor();
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.subject).toBe('Collecta test message');
    await email.getByText('Tested', { exact: true }).waitFor();

    await email.getByRole('button', { name: 'Check DNS records' }).click();
    const result = page.getByTestId('dns-result');
    await result.waitFor();
    expect(await result.locator('[data-record=spf]').getAttribute('data-found')).toBe('true');
    expect(await result.locator('[data-record=dkim]').getAttribute('data-found')).toBe('false');
    expect(await result.locator('[data-record=dmarc]').getAttribute('data-found')).toBe('true');
    expect(dns.queries).toContain(`default._domainkey.${senderDomain}`);
    await screens.captureBothLanguages(page, '07-channels');

    await completeStep(page, 'import');
  });

  it('imports a CSV file', async () => {
    const { page } = browser;
    const file = writeReceivablesCsv(csvDirectory);
    await page.locator('input[type=file]').setInputFiles(file);

    const preview = page.getByTestId('import-preview');
    await preview.getByRole('cell', { name: 'Bakkerij Korenbloem' }).waitFor();
    // "Contact e-mail" names no field, so the e-mail column is chosen by hand.
    const emailField = page.getByTestId('import-mapping').getByRole('combobox', {
      name: 'Debtor e-mail',
    });
    expect(await emailField.inputValue()).toBe('');
    await chooseOption(page, emailField, 'Contact e-mail');
    expect(
      await page
        .getByTestId('import-mapping')
        .getByRole('combobox', { name: 'Invoice number' })
        .inputValue(),
    ).toBe('Factuurnummer');
    await screens.captureBothLanguages(page, '08-import-mapping');

    await page.getByTestId('run-import').click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Invoices: 5 new');
    await screens.captureBothLanguages(page, '09-import-summary');

    await completeStep(page, 'review');
  });

  it('reviews the first run and goes live', async () => {
    const { page } = browser;
    const messages = page.getByTestId('review-messages');
    await messages.waitFor();
    const rows = await messages.locator('tbody tr').allTextContents();
    expect(rows.length).toBe(3);
    expect(rows.join('\n')).toContain('Bakkerij Korenbloem');
    await screens.captureBothLanguages(page, '10-review');

    await page.getByTestId('go-live').click();
    const dialog = page.getByRole('dialog', { name: 'Go live?' });
    await dialog.waitFor();
    await screens.captureBothLanguages(page, '11-go-live-dialog');
    await dialog.getByRole('button', { name: 'Yes, go live' }).click();

    await page.getByTestId('live-done').waitFor();
    await page.getByTestId('not-live-banner').waitFor({ state: 'detached' });
    await screens.captureBothLanguages(page, '12-live');
    const organisation = await testDatabase.database.db
      .selectFrom('organisations')
      .select('live_since')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    expect(organisation.live_since).not.toBeNull();
  });

  it('runs dunning and shows the first batch', async () => {
    const { page } = browser;
    const run = await page.evaluate(async () => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/dunning-runs', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ entity: 'NL01' }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ dryRun: false, messages: { created: 3 } });

    await page.getByRole('link', { name: 'Open the message batches' }).click();
    const todaysBatches = page.getByTestId('batch-table').first();
    const emailBatch = todaysBatches.getByRole('row', { name: /E-mail/ });
    await emailBatch.waitFor();
    expect(await emailBatch.textContent()).toContain('3');
    await screens.captureBothLanguages(page, '13-batches');
  });

  /** Reads an issue category's days to resolve from the database. */
  async function categoryDays(name: string): Promise<number | undefined> {
    const row = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('issue_categories')
        .select('days_to_resolve')
        .where('name', '=', name)
        .executeTakeFirst(),
    );
    return row?.days_to_resolve;
  }
});

/** Opens a Mantine select and clicks the option whose text starts with `text`. */
async function chooseOption(page: Page, input: Locator, text: string): Promise<void> {
  await input.click();
  await page
    .getByRole('option', { name: new RegExp(`^${escapeRegExp(text)}`) })
    .first()
    .click();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
