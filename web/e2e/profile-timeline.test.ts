import type { FastifyInstance } from 'fastify';
import type { Locator, Page, Request } from 'playwright-core';
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
import { createScreenshotWriter, switchLanguage } from './screenshots.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = { username: 'anna', password: 'correct horse battery' };

interface StoredStep {
  id: string;
  name: string;
  day_offset: number;
  minimum_amount_minor: number;
  adds_interest: boolean;
  template_key: string;
}

/** Centre of an element on the page, in CSS pixels. */
async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) {
    throw new Error('element is not visible');
  }
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse in small moves, as a person would. */
async function dragTo(page: Page, from: { x: number; y: number }, toX: number): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let part = 1; part <= 10; part += 1) {
    await page.mouse.move(from.x + ((toX - from.x) * part) / 10, from.y);
  }
  await page.mouse.up();
}

/**
 * The succession profile editor in the browser. An administrator drags a
 * step to another day with the mouse, moves one with the keyboard, edits
 * it in the form, adds a step and saves. The stored steps keep their ids.
 */
describe.skipIf(!hasChromium)('profile timeline in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  const screenshots = createScreenshotWriter('profile-timeline');

  const storedSteps = () =>
    withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('steps as s')
        .innerJoin('succession_profiles as p', 'p.id', 's.profile_id')
        .select([
          's.id',
          's.name',
          's.day_offset',
          's.minimum_amount_minor',
          's.adds_interest',
          's.template_key',
        ])
        .where('p.name', '=', 'Standard')
        .where('s.removed_at', 'is', null)
        .orderBy('s.day_offset')
        .execute(),
    ) as Promise<StoredStep[]>;

  beforeAll(async () => {
    const webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, {
      slug: 'profile-timeline',
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
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await testDatabase?.drop();
  });

  it('edits the standard profile on its timeline', async () => {
    const { page } = browser;
    const before = await storedSteps();
    const idOf = (name: string) => before.find((step) => step.name === name)?.id;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByRole('link', { name: 'Succession profiles' }).click();
    await page.getByRole('heading', { name: 'Succession profiles' }).waitFor();
    const timeline = page.getByTestId('step-timeline');
    await timeline.waitFor();

    // Mouse: First reminder from day 7 to day 10. Pixels per day come from two other markers.
    const courtesy = await centreOf(page.getByTestId('step-marker-Courtesy reminder'));
    const second = await centreOf(page.getByTestId('step-marker-Second reminder'));
    const pixelsPerDay = (second.x - courtesy.x) / (21 - -3);
    const first = page.getByTestId('step-marker-First reminder');
    const firstCentre = await centreOf(first);
    await dragTo(page, firstCentre, firstCentre.x + 3 * pixelsPerDay);

    expect(await first.getAttribute('aria-valuenow')).toBe('10');
    expect(await first.getAttribute('aria-valuetext')).toBe(
      'First reminder: 10 days after the due date',
    );

    // Keyboard: Second reminder one day, then a week later, then Enter opens its form.
    const secondMarker = page.getByRole('slider', { name: 'Second reminder' });
    await secondMarker.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');

    expect(await secondMarker.getAttribute('aria-valuenow')).toBe('29');

    await page.keyboard.press('Enter');
    const form = page.getByTestId('step-form');
    const nameField = form.getByLabel('Name', { exact: true });
    expect(await nameField.evaluate((element) => element === document.activeElement)).toBe(true);
    await nameField.fill('Second reminder by e-mail');
    await form.getByLabel('Minimum amount').fill('25.00');
    await form.getByRole('switch', { name: 'Adds interest' }).check();

    // A new step comes a week after the last one, on day 49.
    await page.getByRole('button', { name: 'Add step' }).click();
    await form.getByLabel('Name', { exact: true }).fill('Last e-mail');
    await form.getByTestId('step-template').click();
    await page.getByRole('option', { name: 'final-notice' }).click();

    expect(await page.getByTestId('unsaved-badge').isVisible()).toBe(true);
    expect(
      await page.getByRole('slider', { name: 'Last e-mail' }).getAttribute('aria-valuenow'),
    ).toBe('49');
    await screenshots.captureBothLanguages(page, 'edited');

    const saved = page.waitForResponse(
      (response) =>
        response.url().includes('/api/profiles/') && response.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('unsaved-badge').waitFor({ state: 'detached' });

    const after = await storedSteps();
    expect(after.map((step) => [step.name, step.day_offset])).toEqual([
      ['Courtesy reminder', -3],
      ['First reminder', 10],
      ['Second reminder by e-mail', 29],
      ['Final notice', 35],
      ['Phone call', 42],
      ['Last e-mail', 49],
    ]);
    expect(after.find((step) => step.name === 'First reminder')?.id).toBe(idOf('First reminder'));
    expect(after.find((step) => step.day_offset === 29)?.id).toBe(idOf('Second reminder'));
    expect(after.find((step) => step.day_offset === 29)).toMatchObject({
      minimum_amount_minor: 2500,
      adds_interest: true,
    });
    expect(after.find((step) => step.name === 'Last e-mail')?.template_key).toBe('final-notice');
    expect(before.map((step) => step.id)).not.toContain(
      after.find((step) => step.name === 'Last e-mail')?.id,
    );
  });

  it('takes a decimal comma in the minimum amount', async () => {
    const { page } = browser;
    await page.getByRole('slider', { name: 'Phone call' }).click();
    const form = page.getByTestId('step-form');
    await form.getByLabel('Minimum amount').fill('12,50');
    const saved = page.waitForResponse(
      (response) =>
        response.url().includes('/api/profiles/') && response.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    expect((await saved).status()).toBe(200);
    await page.getByTestId('unsaved-badge').waitFor({ state: 'detached' });
    const phoneCall = (await storedSteps()).find((step) => step.name === 'Phone call');
    expect(phoneCall?.minimum_amount_minor).toBe(1250);
  });

  it('checks the amount in the user language', async () => {
    const { page } = browser;
    await switchLanguage(page, 'nl');
    await page.getByRole('slider', { name: 'Phone call' }).click();
    const form = page.getByTestId('step-form');
    await form.getByLabel('Minimumbedrag').fill('1.250,00');
    let requests = 0;
    const countPut = (request: Request) => {
      if (request.url().includes('/api/profiles/') && request.method() === 'PUT') {
        requests += 1;
      }
    };
    page.on('request', countPut);
    await page.getByRole('button', { name: 'Opslaan', exact: true }).click();

    await form.getByText('"1.250,00" is geen geldig bedrag').waitFor();
    expect(await page.getByTestId('step-errors').textContent()).toContain('Phone call');
    expect(requests).toBe(0);
    page.off('request', countPut);
    await screenshots.captureBothLanguages(page, 'client-error');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });

  it('sets fees and contractual interest', async () => {
    const { page } = browser;
    await switchLanguage(page, 'nl');
    await page.getByRole('slider', { name: 'Final notice' }).click();
    const form = page.getByTestId('step-form');
    await form.getByLabel('Vaste kosten per factuur').fill('15.00');
    await form.getByLabel('Kosten over het openstaande bedrag (%)').fill('2,5');
    await form.getByRole('switch', { name: 'Rekent rente' }).check();
    await form.getByLabel('Rentepercentage').click();
    await page.getByRole('option', { name: 'Contractuele rente' }).click();
    await form.getByLabel('Contractuele rente (% per jaar)').fill('8,25');
    await form.getByRole('switch', { name: 'Deze stap is de veertiendagenbrief' }).check();

    expect(await form.getByLabel('Vaste kosten per factuur').inputValue()).toBe('15,00');
    await screenshots.captureBothLanguages(page, 'step-charges');
    const saved = page.waitForResponse(
      (response) =>
        response.url().includes('/api/profiles/') && response.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    expect((await saved).status()).toBe(200);
    await page.getByTestId('unsaved-badge').waitFor({ state: 'detached' });
    expect(await form.getByLabel('Fixed fee per invoice').inputValue()).toBe('15.00');
    const finalNotice = await withOrganisation(
      testDatabase.database,
      tenant.organisationId,
      (trx) =>
        trx
          .selectFrom('steps as s')
          .innerJoin('succession_profiles as p', 'p.id', 's.profile_id')
          .select([
            's.fee_fixed_minor',
            's.fee_basis_points',
            's.interest_basis',
            's.contractual_interest_basis_points',
            's.is_fourteen_day_letter',
          ])
          .where('p.name', '=', 'Standard')
          .where('s.name', '=', 'Final notice')
          .where('s.removed_at', 'is', null)
          .executeTakeFirstOrThrow(),
    );
    expect(Number(finalNotice.fee_fixed_minor)).toBe(1500);
    expect(finalNotice.fee_basis_points).toBe(250);
    expect(finalNotice.interest_basis).toBe('contractual');
    expect(finalNotice.contractual_interest_basis_points).toBe(825);
    expect(finalNotice.is_fourteen_day_letter).toBe(true);
  });

  it('lists a server error on a closed step', async () => {
    const { page } = browser;
    await page.getByRole('slider', { name: 'Phone call' }).click();
    const form = page.getByTestId('step-form');
    await form.getByLabel('Day', { exact: true }).fill('35');
    await page.getByRole('slider', { name: 'Courtesy reminder' }).click();
    const rejected = page.waitForResponse(
      (response) =>
        response.url().includes('/api/profiles/') && response.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await rejected).status()).toBe(400);

    const banner = page.getByTestId('step-errors');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Phone call');
    expect(await banner.textContent()).toContain('give each step its own day');
    expect(
      await page.getByRole('slider', { name: 'Phone call' }).getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await form.getByText('give each step its own day').count()).toBe(0);
    await screenshots.captureBothLanguages(page, 'step-error-banner');

    await banner.getByRole('button', { name: 'Open step Phone call' }).click();
    await form.getByText(/give each step its own day/).waitFor();
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('Phone call');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });

  it('Delete moves focus to the next step', async () => {
    const { page } = browser;
    const focusedLabel = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    await page.getByRole('slider', { name: 'Courtesy reminder' }).focus();
    await page.keyboard.press('Delete');

    await page.getByTestId('undo-remove').waitFor();
    expect(await focusedLabel()).toBe('First reminder');

    await page.getByRole('slider', { name: 'Last e-mail' }).focus();
    await page.keyboard.press('Delete');
    expect(await focusedLabel()).toBe('Phone call');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });
});
