import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/auth/create-user.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { buildEntity } from '../../src/debtors/test-factories.ts';
import { createLogger } from '../../src/logger.ts';
import { createOrganisation } from '../../src/organisations/organisations.ts';
import {
  seedIssueReportFixture,
  type IssueReportFixture,
} from '../../src/reports/issue-report-test-data.ts';
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

const administrator = { username: 'anna', password: 'correct horse battery' };

/**
 * The issue report and the business process settings in the browser, over
 * the issues of issue-report-test-data.ts: the report's key figures for
 * 2026-01-01 to 2026-06-30, and an edit of one category in the settings.
 */
describe.skipIf(!hasChromium)('issue report and process settings in browser', () => {
  let testDatabase: TestDatabase;
  let organisationId: string;
  let fixture: IssueReportFixture;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('issue-report-screen');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    const organisation = await createOrganisation(testDatabase.database, {
      live: true,
      slug: 'issue-report-browser',
      name: 'Issue report browser test',
      actor: 'browser-test',
    });
    organisationId = organisation.id;
    await withOrganisation(testDatabase.database, organisationId, async (trx) => {
      await createUser(trx, {
        organisationId,
        actor: 'browser-test',
        username: administrator.username,
        email: 'anna@example.test',
        name: 'Anna Jansen',
        password: administrator.password,
        group: 'administrator',
      });
      const entity = await buildEntity(trx, organisationId, { code: 'NL01' });
      fixture = await seedIssueReportFixture(trx, entity);
    });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
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

  it('shows the key figures of the issue report', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.getByRole('link', { name: 'Issue report' }).click();
    await page.getByRole('heading', { name: 'Issue report' }).waitFor();
    await page.goto(`${baseUrl}/reports/issues?from=2026-01-01&to=2026-06-30`);
    await page.getByTestId('issue-report-summary').waitFor();

    expect(await page.getByTestId('summary-open').textContent()).toBe('Open issues6€395.00$300.00');
    expect(await page.getByTestId('summary-on-hold').textContent()).toContain('€210.00');
    expect(await page.getByTestId('summary-closed').textContent()).toContain('13');
    // 7 price issues and 2 damaged-goods issues of 13 met their deadline.
    expect(await page.getByTestId('summary-in-time').textContent()).toContain('69.2%');
    // Rejected issues count as closed, so the figure is labelled closed, not resolved, in time.
    expect(await page.getByTestId('summary-in-time').textContent()).toContain('Closed in time');
    expect(await page.getByTestId('open-amount-note').textContent()).toContain(
      'only once in the total',
    );
    const byAge = page.getByTestId('open-by-age');
    expect(await byAge.getByRole('row', { name: /^0–7 days/ }).textContent()).toBe(
      '0–7 days2€140.00',
    );
    const resolution = page.getByTestId('resolution-table');
    expect(await resolution.getByRole('row', { name: /^Price difference/ }).textContent()).toBe(
      'Price difference105.5914 calendar days70.0% (7)4321',
    );
    expect(await resolution.getByRole('row', { name: /^Damaged goods/ }).textContent()).toBe(
      'Damaged goods36.795 working days66.7% (2)0210',
    );
    const rootCauses = page.getByTestId('root-cause-table');
    expect(await rootCauses.getByRole('row', { name: /^Price difference/ }).textContent()).toBe(
      'Price difference02341212',
    );

    const files = await screenshots.captureBothLanguages(page, 'issue-report');
    expect(files).toHaveLength(2);
  });

  it('shows the report in Dutch with the Dutch category names', async () => {
    const { page } = browser;
    await page.getByLabel('Language').getByText('NL', { exact: true }).click();
    await page.getByRole('heading', { name: 'Geschillenrapport' }).waitFor();
    const resolution = page.getByTestId('resolution-table');

    expect(await resolution.getByRole('row', { name: /^Prijsverschil/ }).textContent()).toBe(
      'Prijsverschil105,5914 kalenderdagen70,0% (7)4321',
    );
    expect(await page.getByTestId('summary-in-time').textContent()).toContain('Op tijd afgesloten');
    expect(await page.getByTestId('open-amount-note').textContent()).toContain(
      'slechts één keer in het totaal',
    );
    await page.getByLabel('Taal').getByText('EN', { exact: true }).click();
    await page.getByRole('heading', { name: 'Issue report' }).waitFor();
  });

  it('lists the processes with their categories', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Business processes' }).click();
    await page.getByRole('heading', { name: 'Business processes' }).waitFor();
    const price = page.getByTestId('category-Price difference');

    expect(await price.locator('td').nth(0).textContent()).toBe(
      'Price differenceNL: Prijsverschil',
    );
    expect(await price.locator('td').nth(1).textContent()).toBe('14 calendar days');
    expect(await price.locator('td').nth(2).textContent()).toBe('Yes, until 7 days after closing');
    const damaged = page.getByTestId('category-Damaged goods');
    expect(await damaged.locator('td').nth(1).textContent()).toBe('5 working days');

    const files = await screenshots.captureBothLanguages(page, 'business-processes');
    expect(files).toHaveLength(2);
  });

  it('edits a category', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Edit Price difference' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the issue category' });
    await dialog.getByTestId('name-input-nl').fill('Prijsafwijking');
    await dialog.getByTestId('category-days').fill('10');
    await dialog.getByTestId('category-day-kind').getByText('Working days').click();
    await dialog.getByTestId('category-resume-days').fill('3');
    await dialog.getByTestId('category-escalation-kind').getByText('An e-mail address').click();
    await dialog.getByTestId('category-escalation-email').fill('disputes@example.test');
    await dialog.getByLabel('Debtors can choose this category in the customer portal').check();
    await screenshots.captureBothLanguages(page, 'category-dialog');
    await dialog.getByTestId('category-save').click();
    await dialog.waitFor({ state: 'detached' });

    const price = page.getByTestId('category-Price difference');
    await price.getByText('10 working days').waitFor();
    expect(await price.locator('td').nth(0).textContent()).toBe(
      'Price differenceNL: Prijsafwijking',
    );
    expect(await price.locator('td').nth(5).textContent()).toBe('disputes@example.test');
    const stored = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('issue_categories')
        .select([
          'names',
          'days_to_resolve',
          'day_kind',
          'resume_after_days',
          'escalation_email',
          'escalation_user_id',
          'portal_selectable',
          'pauses_dunning',
        ])
        .where('id', '=', fixture.priceCategoryId)
        .executeTakeFirstOrThrow(),
    );
    expect(stored).toEqual({
      names: { nl: 'Prijsafwijking' },
      days_to_resolve: 10,
      day_kind: 'working',
      resume_after_days: 3,
      escalation_email: 'disputes@example.test',
      escalation_user_id: null,
      portal_selectable: true,
      pauses_dunning: true,
    });
  });

  it('shows a resume delay of 0 as until closing', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Edit Price difference' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit the issue category' });
    await dialog.getByTestId('category-resume-days').fill('0');
    await dialog.getByTestId('category-save').click();
    await dialog.waitFor({ state: 'detached' });

    const price = page.getByTestId('category-Price difference');
    await price.getByText('Yes, until closing').waitFor();
    expect(await price.locator('td').nth(2).textContent()).toBe('Yes, until closing');
    await page.getByLabel('Language').getByText('NL', { exact: true }).click();
    await price.getByText('Ja, tot afsluiten').waitFor();
    expect(await price.locator('td').nth(2).textContent()).toBe('Ja, tot afsluiten');
    await page.getByLabel('Taal').getByText('EN', { exact: true }).click();
    await price.getByText('Yes, until closing').waitFor();
  });

  it('archives a category', async () => {
    const { page } = browser;
    const damaged = page.getByTestId('category-Damaged goods');
    await damaged.getByRole('button', { name: 'Archive' }).click();
    await damaged.getByText('Archived').waitFor();

    await screenshots.captureBothLanguages(page, 'business-processes-edited');
    const stored = await withOrganisation(testDatabase.database, organisationId, (trx) =>
      trx
        .selectFrom('issue_categories')
        .select('archived')
        .where('id', '=', fixture.damagedCategoryId)
        .executeTakeFirstOrThrow(),
    );
    expect(stored.archived).toBe(true);
  });
});
