import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/dates/plain-date.ts';
import { withOrganisation, type TenantTransaction } from '../../src/db/tenant.ts';
import type { DunningExplanation } from '../../src/dunning/dunning-types.ts';
import { runDunning } from '../../src/dunning/run-dunning.ts';
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
import { seedIssueTenant, type IssueTenant } from './seed-issues.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = { username: 'anna', password: 'correct horse battery' };
const creditManager = {
  username: 'carla',
  password: 'correct horse battery',
  name: 'Carla de Wit',
};
const disputeHandler = {
  username: 'dirk',
  password: 'correct horse battery',
  name: 'Dirk Bosman',
};

/** Formats a plain date like the web app does in English ("4 Dec 2026" for en-GB). */
function englishDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(year, month - 1, day),
  );
}

/** Chooses an option of a Mantine Select: the options open in a portal below the input. */
async function chooseOption(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.skipIf(!hasChromium)('issue flow in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: IssueTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  let issueId: string;
  const screenshots = createScreenshotWriter('issue-flow');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedIssueTenant(testDatabase.database, {
      slug: 'issue-browser',
      administrator,
      creditManager,
      disputeHandler,
    });
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

  const inTenant = <T>(work: (trx: TenantTransaction) => Promise<T>) =>
    withOrganisation(testDatabase.database, tenant.organisationId, work);

  /** Returns the invoice numbers of each message that the run of `runDate` wrote for the test debtor. */
  async function remindedInvoices(runDate: string): Promise<string[][]> {
    const messages = await inTenant((trx) =>
      trx
        .selectFrom('messages as m')
        .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
        .select('m.explanation')
        .where('r.run_date', '=', runDate)
        .where('m.debtor_id', '=', tenant.debtor.id)
        .execute(),
    );

    return messages.map((message) =>
      (message.explanation as DunningExplanation).invoices.map((invoice) => invoice.number).sort(),
    );
  }

  async function runDunningOn(asOf: string): Promise<void> {
    await inTenant((trx) =>
      runDunning(trx, {
        organisationId: tenant.organisationId,
        entityId: tenant.entityId,
        asOf,
        dryRun: false,
        actor: 'browser-test',
      }),
    );
  }

  it('credit manager registers an issue', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, creditManager);
    await page.getByRole('heading', { name: 'Today' }).waitFor();

    await page.goto(`${baseUrl}/debtors/${tenant.debtor.id}`);
    await page.getByRole('heading', { name: tenant.debtor.name }).waitFor();
    const panel = page.getByTestId('debtor-issues');
    await panel.getByText('This debtor has no issues.').waitFor();
    await panel.getByTestId('register-issue').click();

    const dialog = page.getByRole('dialog', { name: `Register issue for ${tenant.debtor.name}` });
    await dialog.waitFor();
    const [first, second] = tenant.invoices;
    await dialog.getByLabel(`Choose invoice ${first?.number}`).check();
    await dialog.getByLabel(`Choose invoice ${second?.number}`).check();
    await chooseOption(page, 'register-category', tenant.category.name);
    expect(await dialog.getByTestId('register-department').inputValue()).toBe('Distribution');
    await dialog.getByText('To be resolved within 10 working days.').waitFor();
    await dialog
      .getByLabel('Description')
      .fill('The debtor received pallets for another customer and refuses these two invoices.');
    await screenshots.captureBothLanguages(page, 'register-dialog');

    await dialog.getByTestId('save-issue').click();
    const registered = dialog.getByTestId('registered-issue');
    await registered.waitFor();

    const issue = await inTenant((trx) =>
      trx
        .selectFrom('issues')
        .select(['id', 'number', 'status', 'deadline', 'department_id', 'opened_on'])
        .where('debtor_id', '=', tenant.debtor.id)
        .executeTakeFirstOrThrow(),
    );
    issueId = issue.id;
    expect(issue.status).toBe('new');
    expect(issue.opened_on).toBe(tenant.today);
    expect(issue.department_id).toBe(tenant.distributionId);
    const text = (await registered.textContent()) ?? '';
    expect(text).toContain(`Issue ${issue.number} is registered.`);
    expect(text).toContain(`Deadline: ${englishDate(issue.deadline)}`);
    const linked = await inTenant((trx) =>
      trx
        .selectFrom('issue_invoices')
        .select('invoice_id')
        .where('issue_id', '=', issue.id)
        .execute(),
    );
    expect(linked.map((row) => row.invoice_id).sort()).toEqual([first?.id, second?.id].sort());

    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByRole('link', { name: `#${issue.number}` }).waitFor();
  });

  it('credit manager logs out', async () => {
    const { page } = browser;
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.locator('input[name=username]').waitFor();
  });

  it('dispute handler resolves the issue', async () => {
    const { page } = browser;
    await logIn(page, disputeHandler);
    // The dispute handler's group opens on the issue list.
    await page.getByRole('heading', { name: 'Issues' }).waitFor();
    await page.waitForURL(/\/issues$/);
    const table = page.getByTestId('issue-table');
    await table.waitFor();

    // Distribution's three open issues by deadline. The issue of Customer Service stays hidden.
    const debtorNames = await table.locator('tbody tr td:nth-child(2) a').allTextContents();
    expect(debtorNames).toEqual([
      'Northwind Trading Ltd',
      'Van den Berg Installatietechniek',
      tenant.debtor.name,
    ]);
    const overdueRow = table.getByRole('row', { name: /Northwind Trading/ });
    expect(await overdueRow.textContent()).toContain('3 days overdue');
    await screenshots.captureBothLanguages(page, 'issue-list');

    const rows = table.locator('tbody tr');
    await page.getByLabel('Past deadline only').check();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    expect(await rows.first().textContent()).toContain('Northwind Trading Ltd');
    await page.getByLabel('Past deadline only').uncheck();
    await page.getByTestId('issue-scope').getByText('Assigned to me').click();
    await page.getByText('No issues match these filters.').waitFor();
    await page.getByTestId('issue-scope').getByText('My department').click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 3);

    await table
      .getByRole('row', { name: new RegExp(tenant.debtor.name) })
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { name: /^Issue \d+: Wrong delivery$/ }).waitFor();
    await page.getByTestId('dunning-note').waitFor();
    expect(await page.getByTestId('issue-invoices').locator('tbody tr').count()).toBe(2);

    await page.getByRole('button', { name: 'Start work' }).click();
    await page.locator('[data-testid=issue-status] [data-status=in_progress]').waitFor();

    const note = 'Checked the delivery notes: the pallets were delivered as ordered.';
    await page.getByLabel('New note').fill(note);
    await page.getByTestId('add-note').click();
    await page.getByTestId('issue-notes').getByText(note).waitFor();
    await page.getByTestId('issue-history').getByText('Dirk Bosman added a note.').waitFor();
    await chooseOption(page, 'issue-assignee', disputeHandler.name);
    await page
      .getByTestId('issue-history')
      .getByText('Dirk Bosman assigned the issue to Dirk Bosman of Distribution.')
      .waitFor();

    const attachments = page.getByTestId('issue-attachments');
    const input = attachments.getByTestId('attachment-input');
    await input.setInputFiles({
      name: 'delivery-note.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    });
    const link = attachments.getByRole('link', { name: 'delivery-note.pdf' });
    await link.waitFor();
    const download = await page.evaluate(
      async (href) => {
        const response = await fetch(href);
        return {
          status: response.status,
          disposition: response.headers.get('content-disposition'),
          body: await response.text(),
        };
      },
      (await link.getAttribute('href')) ?? '',
    );
    expect(download.status).toBe(200);
    expect(download.disposition).toContain('attachment');
    expect(download.body.startsWith('%PDF-1.4')).toBe(true);

    // Over 10 MiB: rejected in the browser, before any upload.
    await input.setInputFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    const failure = attachments.getByRole('alert');
    await failure.getByText('scan.png is too large: files may be at most 10 MiB.').waitFor();
    // A program: rejected by the server, whose message names the file and the allowed types.
    await input.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/x-msdownload',
      buffer: Buffer.from('MZ this is not a document'),
    });
    await failure.getByText(/^setup\.exe has the type application\/x-msdownload/).waitFor();
    const stored = await inTenant((trx) =>
      trx
        .selectFrom('issue_attachments')
        .select('file_name')
        .where('issue_id', '=', issueId)
        .execute(),
    );
    expect(stored).toEqual([{ file_name: 'delivery-note.pdf' }]);
    await screenshots.captureBothLanguages(page, 'issue-detail');

    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve issue' });
    await dialog.getByLabel('In favour of the creditor').check();
    await dialog
      .getByLabel('Resolution')
      .fill('The delivery notes are signed by the debtor; the invoices stand.');
    await screenshots.captureBothLanguages(page, 'resolve-dialog');
    await dialog.getByTestId('confirm-resolve').click();
    await dialog.waitFor({ state: 'detached' });

    await page.locator('[data-testid=issue-status] [data-status=resolved]').waitFor();
    const resumesOn = addDays(tenant.today, tenant.category.resumeAfterDays);
    expect(await page.getByTestId('dunning-note').textContent()).toBe(
      `Dunning resumes on ${englishDate(resumesOn)}.`,
    );
    await page
      .getByTestId('issue-history')
      .getByText('Dirk Bosman resolved the issue in favour of the creditor.')
      .waitFor();
    await screenshots.captureBothLanguages(page, 'issue-resolved');

    const closed = await inTenant((trx) =>
      trx
        .selectFrom('issues')
        .select(['status', 'outcome', 'closed_on'])
        .where('id', '=', issueId)
        .executeTakeFirstOrThrow(),
    );
    expect(closed).toEqual({
      status: 'resolved',
      outcome: 'favour_creditor',
      closed_on: tenant.today,
    });
    const notes = await inTenant((trx) =>
      trx.selectFrom('issue_notes').select('body').where('issue_id', '=', issueId).execute(),
    );
    expect(notes).toEqual([{ body: note }]);
  });

  it('dunning waits for the resume date', async () => {
    const [first, second, third] = tenant.invoices;
    const dayAfter = addDays(tenant.today, 1);
    await runDunningOn(dayAfter);
    // Only the invoice outside the issue gets its first reminder.
    expect(await remindedInvoices(dayAfter)).toEqual([[third?.number]]);

    const dayBefore = addDays(tenant.today, tenant.category.resumeAfterDays - 1);
    await runDunningOn(dayBefore);
    expect(await remindedInvoices(dayBefore)).toEqual([]);

    const resumesOn = addDays(tenant.today, tenant.category.resumeAfterDays);
    await runDunningOn(resumesOn);
    expect(await remindedInvoices(resumesOn)).toEqual([[first?.number, second?.number].sort()]);
  });
});
