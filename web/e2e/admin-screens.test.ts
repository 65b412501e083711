import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSION_NAMES, PRESET_GROUPS } from '../../src/access/permissions.ts';
import { loadConfig } from '../../src/config.ts';
import { withOrganisation } from '../../src/db/tenant.ts';
import { createLogger } from '../../src/logger.ts';
import { buildServer } from '../../src/server/app.ts';
import { createTestDatabase, type TestDatabase } from '../../src/testing/test-database.ts';
import { computeTotp, decodeBase32 } from '../../src/users/totp.ts';
import enAccount from '../src/i18n/namespaces/en/account.json';
import enAdmin from '../src/i18n/namespaces/en/admin.json';
import enUsers from '../src/i18n/namespaces/en/users.json';
import nlAccount from '../src/i18n/namespaces/nl/account.json';
import nlAdmin from '../src/i18n/namespaces/nl/admin.json';
import nlUsers from '../src/i18n/namespaces/nl/users.json';
import {
  buildWebApp,
  chromiumPath,
  hasChromium,
  listenOnFreePort,
  logIn,
  openBrowser,
  type BrowserSession,
} from './browser-session.ts';
import { seedTenant, type SeededTenant } from './seed-tenant.ts';

if (!hasChromium) {
  console.warn(`Browser test skipped: ${chromiumPath} is missing (apt-get install chromium).`);
}

const administrator = { username: 'anna', password: 'correct horse battery' };
const manager = { username: 'dirk', password: 'a long manager password', name: 'Dirk Visser' };

/** Texts of the screens per language, so the screenshot tour finds its buttons in either. */
const texts = {
  en: { account: enAccount, admin: enAdmin, users: enUsers },
  nl: { account: nlAccount, admin: nlAdmin, users: nlUsers },
};

type Language = keyof typeof texts;

const screenshotDirectory = path.join(os.tmpdir(), 'collecta-screens', 'admin');

describe.skipIf(!hasChromium)('admin screens in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let admin: BrowserSession;
  let visitor: BrowserSession;
  let invitationLink = '';
  let totpSecret = '';
  /** Unused invitation links from the screenshot tour, by language. */
  const tourInvitationLinks = new Map<Language, string>();
  /** The administrator's latest password-reset link; each new one ends the earlier ones. */
  let resetLink = '';

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    testDatabase = await createTestDatabase();
    tenant = await seedTenant(testDatabase.database, { slug: 'admin-screens', ...administrator });
    app = await buildServer({
      config: loadConfig({ LOG_LEVEL: 'silent' }),
      database: testDatabase.database,
      logger: createLogger('silent'),
      webDirectory,
    });
    baseUrl = await listenOnFreePort(app);
    admin = await openBrowser('en-GB');
    visitor = await openBrowser('en-GB');
    fs.mkdirSync(screenshotDirectory, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await admin?.close();
    await visitor?.close();
    await app?.close();
    await testDatabase?.drop();
    if (webDirectory) {
      fs.rmSync(webDirectory, { recursive: true, force: true });
    }
  });

  /** Returns the link on the test server: the server builds links on its configured public URL. */
  function onTestServer(link: string): string {
    return `${baseUrl}${pathOf(link)}`;
  }

  async function userId(username: string): Promise<string> {
    const row = await withOrganisation(testDatabase.database, tenant.organisationId, (trx) =>
      trx
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow(),
    );
    return row.id;
  }

  async function navLinkNames(page: Page): Promise<string[]> {
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    return (await nav.getByRole('link').allTextContents()).map((text) => text.trim());
  }

  /** Picks `option` in the Mantine select labelled `label` inside `scope`, such as a dialog. */
  async function chooseOption(scope: Locator, label: string, option: string) {
    await scope.getByLabel(label).first().click();
    await scope.page().getByRole('option', { name: option, exact: true }).click();
  }

  it('invites a user', async () => {
    const { page } = admin;
    await page.goto(baseUrl);
    await logIn(page, administrator);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();

    await page.getByRole('button', { name: 'Invite user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite user' });
    await dialog.locator('input[name=username]').fill(manager.username);
    await dialog.locator('input[name=name]').fill(manager.name);
    await dialog.locator('input[name=email]').fill('dirk@example.test');
    await chooseOption(dialog, 'User group', 'Manager');
    await chooseOption(dialog, 'Department', 'Sales');
    await dialog.getByRole('button', { name: 'Invite' }).click();

    const linkDialog = page.getByRole('dialog', { name: 'Invitation link' });
    invitationLink = (await linkDialog.getByTestId('account-link').textContent()) ?? '';
    expect(invitationLink).toContain('/accept-invitation?token=');
    expect(await linkDialog.getByTestId('link-emailed').textContent()).toContain('No e-mail');
    await linkDialog.getByRole('button', { name: 'Done' }).click();

    const row = page.locator('tr[data-username=dirk]');
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('invited');
    expect(await row.textContent()).toContain('Manager');
    expect(await row.textContent()).toContain('Sales');
  });

  it('accepts the invitation', async () => {
    const { page } = visitor;
    await page.goto(onTestServer(invitationLink));
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    expect(await page.locator('input[name=username]').inputValue()).toBe(manager.username);

    await page.locator('input[name=new-password]').fill('too short');
    await page.locator('input[name=repeat-password]').fill('too short');
    await page.getByRole('button', { name: 'Set password and log in' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();

    await page.locator('input[name=new-password]').fill(manager.password);
    await page.locator('input[name=repeat-password]').fill(manager.password);
    await page.getByRole('button', { name: 'Set password and log in' }).click();

    // A manager's group starts on the start screen, which lists escalated issues.
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/home');
  });

  it('shows the manager only permitted screens', async () => {
    const { page } = visitor;
    const names = await navLinkNames(page);
    expect(names).toContain('Ageing report');
    for (const hidden of [
      'Debtors',
      'Message batches',
      'Call list',
      'Users',
      'User groups',
      'Departments',
      'API keys',
      'Audit log',
    ]) {
      expect(names).not.toContain(hidden);
    }

    for (const forbidden of ['/admin/users', '/debtors', '/batches']) {
      await page.goto(`${baseUrl}${forbidden}`);
      await page.getByTestId('no-access').waitFor();
    }
  });

  it('rejects a used invitation link', async () => {
    const { page } = visitor;
    await page.goto(onTestServer(invitationLink));
    const alert = page.getByTestId('invalid-link');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This invitation link is not valid');
  });

  it('logs in with two-factor', async () => {
    const { page } = visitor;
    await page.goto(`${baseUrl}/reports/ageing`);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Two-factor authentication' }).click();
    await page.getByRole('button', { name: 'Start the set-up' }).click();
    await page.getByTestId('totp-qr').waitFor();
    totpSecret = (await page.getByTestId('totp-secret').textContent()) ?? '';

    const now = Date.now();
    await page.locator('input[name=totp-code]').fill(computeTotp(decodeBase32(totpSecret), now));
    await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
    await page.getByTestId('totp-on').waitFor();

    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await logIn(page, manager);
    const codeField = page.locator('input[name=totp-code]');
    await codeField.waitFor();
    expect(await page.getByTestId('login-error').count()).toBe(0);

    // The confirmed code's step is used up; the next step is still inside the accepted window.
    await codeField.fill(computeTotp(decodeBase32(totpSecret), now + 30_000));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Today' }).waitFor();
  });

  it('creates an API key shown once', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'API keys', exact: true }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'New API key' }).click();
    const dialog = page.getByRole('dialog', { name: 'New API key' });
    await dialog.locator('input[name=api-key-name]').fill('ERP export');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const created = page.getByRole('dialog', { name: 'API key created' });
    await created.getByTestId('api-key-warning').waitFor();
    const key = (await created.getByTestId('api-key-value').textContent()) ?? '';
    expect(key.length).toBeGreaterThan(20);
    await created.getByRole('button', { name: 'I have stored the key' }).click();
    await created.waitFor({ state: 'detached' });

    const row = page.locator('tr[data-key-name="ERP export"]');
    expect(await row.textContent()).toContain('Active');
    expect(await page.content()).not.toContain(key);

    const response = await fetch(`${baseUrl}/api/users`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
  });

  it('finds the invitation in the audit log', async () => {
    const { page } = admin;
    const invitedId = await userId(manager.username);
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('input[name=action]').fill('user.invitation_issued');
    await page.getByRole('button', { name: 'Search' }).click();

    const row = page.locator('tr[data-action="user.invitation_issued"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain(invitedId);
    expect(await row.textContent()).toContain('Anna Jansen');
    await row.getByRole('button', { name: 'Show the values before and after' }).click();
    const details = page.getByTestId('audit-details').first();
    expect(await details.textContent()).toContain('expiresAt');
  });

  it('deletes a group only without users', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'User groups', exact: true }).click();
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user group' });
    await chooseOption(dialog, 'Copy from', 'Credit manager');
    await dialog.locator('input[name=name]').fill('Collectors North');
    expect(await dialog.locator('input[name=slug]').inputValue()).toBe('collectors-north');
    await dialog.getByRole('button', { name: 'Create group' }).click();
    await dialog.waitFor({ state: 'detached' });
    const groupRow = page.locator('tr[data-slug=collectors-north]');
    const creditManager = PRESET_GROUPS.find((group) => group.slug === 'credit-manager');
    expect(await groupRow.textContent()).toContain(
      `${creditManager?.permissions.length} of ${PERMISSION_NAMES.length} permissions`,
    );

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: `Actions for ${manager.name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await chooseOption(page.getByRole('dialog'), 'User group', 'Collectors North');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-username=dirk]', { hasText: 'Collectors North' }).waitFor();

    await page.getByRole('link', { name: 'User groups', exact: true }).click();
    await page.getByRole('button', { name: 'Actions for Collectors North' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByTestId('confirm-button').click();
    await page.getByText('The group still has 1 user.').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: `Actions for ${manager.name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    await chooseOption(page.getByRole('dialog'), 'User group', 'Manager');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr[data-username=dirk]', { hasText: 'Manager' }).waitFor();

    await page.getByRole('link', { name: 'User groups', exact: true }).click();
    await page.getByRole('button', { name: 'Actions for Collectors North' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByTestId('confirm-button').click();
    await groupRow.waitFor({ state: 'detached' });
  });

  it('takes screenshots in English and Dutch', async () => {
    // Tall enough that the longest dialogs fit in the picture.
    await admin.page.setViewportSize({ width: 1280, height: 1200 });
    for (const language of ['en', 'nl'] as const) {
      await tourAdministration(admin.page, language);
    }
    for (const language of ['en', 'nl'] as const) {
      await tourAsManager(visitor.page, language);
    }
    await visitor.page.getByTestId('user-menu').click();
    await visitor.page.getByRole('menuitem').last().click();
    for (const language of ['en', 'nl'] as const) {
      await tourPublicPages(visitor.page, language);
    }
    const files = fs.readdirSync(screenshotDirectory).filter((file) => file.endsWith('.png'));
    expect(files.length).toBeGreaterThanOrEqual(40);
  }, 180_000);

  async function setLanguage(page: Page, language: Language) {
    await page.evaluate((chosen) => localStorage.setItem('collecta.language', chosen), language);
  }

  async function shoot(page: Page, language: Language, name: string) {
    // Let transitions of dialogs and menus end before the picture.
    await page.waitForTimeout(400);
    await page.screenshot({
      path: path.join(screenshotDirectory, `${name}-${language}.png`),
      fullPage: true,
    });
  }

  async function openPage(page: Page, language: Language, pathname: string) {
    await setLanguage(page, language);
    await page.goto(`${baseUrl}${pathname}`);
  }

  /** Takes a picture of every administration screen and dialog, as an administrator. */
  async function tourAdministration(page: Page, language: Language) {
    const { users, admin: adminTexts, account } = texts[language];

    await openPage(page, language, '/admin/users');
    await page.getByTestId('user-table').waitFor();
    await shoot(page, language, 'users');

    await page.getByRole('button', { name: users.invite }).click();
    const invite = page.getByRole('dialog', { name: users.form.inviteTitle });
    await invite.locator('input[name=username]').fill(`invitee-${language}`);
    await invite.locator('input[name=name]').fill('Eva Smit');
    await invite.locator('input[name=email]').fill(`eva-${language}@example.test`);
    await chooseOption(invite, users.form.group, users.presetGroups['dispute-handler']);
    await shoot(page, language, 'users-invite');
    await invite.getByRole('button', { name: users.form.invite, exact: true }).click();
    const linkDialog = page.getByRole('dialog', { name: users.link.invitationTitle });
    tourInvitationLinks.set(
      language,
      (await linkDialog.getByTestId('account-link').textContent()) ?? '',
    );
    await shoot(page, language, 'users-invitation-link');
    await linkDialog.getByRole('button', { name: users.link.close }).click();
    await linkDialog.waitFor({ state: 'hidden' });

    await page
      .getByRole('button', { name: users.actions.label.replace('{{name}}', manager.name) })
      .click();
    await shoot(page, language, 'users-actions');
    await page.getByRole('menuitem', { name: users.actions.edit }).click();
    const editDialog = page.getByRole('dialog');
    await editDialog.waitFor();
    await shoot(page, language, 'users-edit');
    await page.keyboard.press('Escape');
    await editDialog.waitFor({ state: 'hidden' });

    await page
      .getByRole('button', { name: users.actions.label.replace('{{name}}', manager.name) })
      .click();
    await page.getByRole('menuitem', { name: users.actions.passwordReset }).click();
    const resetDialog = page.getByRole('dialog', { name: users.link.resetTitle });
    resetLink = (await resetDialog.getByTestId('account-link').textContent()) ?? '';
    await shoot(page, language, 'users-reset-link');
    await page.getByRole('button', { name: users.link.close }).click();
    await resetDialog.waitFor({ state: 'hidden' });

    await page
      .getByRole('button', { name: users.actions.label.replace('{{name}}', manager.name) })
      .click();
    await page.getByRole('menuitem', { name: users.actions.deactivate }).click();
    await page.getByRole('dialog', { name: users.confirm.deactivateTitle }).waitFor();
    await shoot(page, language, 'users-deactivate');
    await page.getByRole('button', { name: adminTexts.dialog.cancel }).click();

    await openPage(page, language, '/admin/groups');
    await page.getByTestId('group-table').waitFor();
    await shoot(page, language, 'groups');
    await page
      .getByRole('button', {
        name: users.actions.label.replace('{{name}}', users.presetGroups['credit-manager']),
      })
      .click();
    await page.getByRole('menuitem', { name: users.actions.edit }).click();
    await page.getByTestId('permission-checklist').waitFor();
    await shoot(page, language, 'groups-edit');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: users.groups.new }).click();
    await page.getByTestId('permission-checklist').waitFor();
    await shoot(page, language, 'groups-new');
    await page.keyboard.press('Escape');

    await openPage(page, language, '/admin/departments');
    await page.getByTestId('department-table').waitFor();
    await shoot(page, language, 'departments');

    await openPage(page, language, '/admin/api-keys');
    await page.getByTestId('api-key-table').waitFor();
    await shoot(page, language, 'api-keys');
    await page.getByRole('button', { name: adminTexts.apiKeys.new }).click();
    await page.getByLabel(adminTexts.apiKeys.scopeChosen).check();
    await page.getByTestId('permission-checklist').waitFor();
    await shoot(page, language, 'api-keys-new');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: adminTexts.apiKeys.revoke }).first().click();
    await page.getByRole('dialog').waitFor();
    await shoot(page, language, 'api-keys-revoke');
    await page.getByRole('button', { name: adminTexts.dialog.cancel }).click();

    await openPage(page, language, '/admin/audit-log');
    await page.getByTestId('audit-table').waitFor();
    await page.getByRole('button', { name: adminTexts.audit.showDetails }).first().click();
    await shoot(page, language, 'audit-log');

    await openPage(page, language, '/account/password');
    await page.getByRole('button', { name: account.password.submit }).click();
    await shoot(page, language, 'account-password');

    await openPage(page, language, '/account/two-factor');
    await page.getByRole('button', { name: account.totp.start }).click();
    await page.getByTestId('totp-qr').waitFor();
    await shoot(page, language, 'account-two-factor');
  }

  /** Takes a picture of the manager's navigation, the no-access screen and the user menu. */
  async function tourAsManager(page: Page, language: Language) {
    await openPage(page, language, '/reports/ageing');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await shoot(page, language, 'manager-start');
    await openPage(page, language, '/admin/users');
    await page.getByTestId('no-access').waitFor();
    await shoot(page, language, 'no-access');
    await page.getByTestId('user-menu').click();
    await shoot(page, language, 'user-menu');
    await page.keyboard.press('Escape');
  }

  /** Takes a picture of the pages without a session: login with code, forgot password and the e-mailed links. */
  async function tourPublicPages(page: Page, language: Language) {
    const { account } = texts[language];

    await openPage(page, language, '/');
    await page.locator('input[name=username]').fill(manager.username);
    await page.locator('input[name=password]').fill(manager.password);
    await page.locator('button[type=submit]').click();
    await page.locator('input[name=totp-code]').waitFor();
    await shoot(page, language, 'login-code');

    await openPage(page, language, '/forgot-password');
    await shoot(page, language, 'forgot-password');
    await page.locator('input[name=username]').fill('nobody@example.test');
    await page.getByRole('button', { name: account.forgot.submit }).click();
    await page.getByTestId('forgot-password-sent').waitFor();
    await shoot(page, language, 'forgot-password-sent');

    await openPage(page, language, pathOf(tourInvitationLinks.get(language) ?? ''));
    await page.locator('input[name=new-password]').waitFor();
    await shoot(page, language, 'accept-invitation');

    await openPage(page, language, pathOf(invitationLink));
    await page.getByTestId('invalid-link').waitFor();
    await shoot(page, language, 'accept-invitation-invalid');

    await openPage(page, language, pathOf(resetLink));
    await page.locator('input[name=new-password]').waitFor();
    await shoot(page, language, 'reset-password');

    await openPage(page, language, '/reset-password?token=0000000000000000000000000000');
    await page.getByTestId('invalid-link').waitFor();
    await shoot(page, language, 'reset-password-invalid');
  }
});

function pathOf(link: string): string {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}
