import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
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
const ENTITY_IBAN = 'NL91ABNA0417164300';

/** Builds one booked credit entry of a camt.053 statement. */
function camtCredit(entry: {
  amount: string;
  date: string;
  reference: string;
  name: string;
  iban: string;
  text: string;
}): string {
  return `<Ntry>
  <Amt Ccy="EUR">${entry.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
  <BookgDt><Dt>${entry.date}</Dt></BookgDt><ValDt><Dt>${entry.date}</Dt></ValDt>
  <AcctSvcrRef>${entry.reference}</AcctSvcrRef>
  <NtryDtls><TxDtls>
    <Refs><EndToEndId>${entry.reference}</EndToEndId></Refs>
    <RltdPties><Dbtr><Nm>${entry.name}</Nm></Dbtr><DbtrAcct><Id><IBAN>${entry.iban}</IBAN></Id></DbtrAcct></RltdPties>
    <RmtInf><Ustrd>${entry.text}</Ustrd></RmtInf>
  </TxDtls></NtryDtls>
</Ntry>`;
}

/**
 * Builds a camt.053.001.02 statement of the entity's account with three receipts.
 * One quotes invoice F24002 of Bakkerij De Korenaar for its full amount,
 * which matching allocates. The one from J. de Vries quotes nothing and
 * waits in the queue, and so does a refund from a web shop, which is no
 * payment of a debtor.
 */
function statementFile(date: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
<BkToCstmrStmt>
<GrpHdr><MsgId>BROWSER-TEST</MsgId><CreDtTm>${date}T07:00:00</CreDtTm></GrpHdr>
<Stmt>
  <Id>STMT-${date}</Id>
  <Acct><Id><IBAN>${ENTITY_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
  ${camtCredit({ amount: '310.45', date, reference: 'E2E-1', name: 'Bakkerij De Korenaar B.V.', iban: 'NL02ABNA0123456789', text: 'Factuur F24002' })}
  ${camtCredit({ amount: '150.00', date, reference: 'E2E-2', name: 'J. de Vries', iban: 'NL44RABO0123456789', text: 'Betaling' })}
  ${camtCredit({ amount: '25.00', date, reference: 'E2E-3', name: 'Webwinkel Retouren', iban: 'NL69INGB0123456789', text: 'Retour bestelling 88123' })}
</Stmt>
</BkToCstmrStmt>
</Document>
`;
}

/*
 * J. de Vries of seed-tenant.ts owes 189.99 on invoice F24005. The test
 * imports the statement, allocates the unmatched 150.00 by hand, typed
 * with a decimal comma in Dutch, and checks that 39.99 stays open.
 */
describe.skipIf(!hasChromium)('payments in browser', () => {
  let testDatabase: TestDatabase;
  let tenant: SeededTenant;
  let webDirectory: string;
  let fileDirectory: string;
  let app: FastifyInstance;
  let baseUrl: string;
  let browser: BrowserSession;
  let deVriesId: string;
  const screenshots = createScreenshotWriter('payments');

  beforeAll(async () => {
    webDirectory = await buildWebApp();
    fileDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'collecta-statements-'));
    testDatabase = await createTestDatabase();
    const { database } = testDatabase;
    tenant = await seedTenant(database, { slug: 'payments-browser', ...administrator });
    await withOrganisation(database, tenant.organisationId, async (trx) => {
      await trx
        .updateTable('entities')
        .set({ iban: ENTITY_IBAN })
        .where('id', '=', tenant.entityId)
        .execute();
      const debtor = await trx
        .selectFrom('debtors')
        .select('id')
        .where('name', '=', 'J. de Vries')
        .executeTakeFirstOrThrow();
      deVriesId = debtor.id;
    });
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
    for (const directory of [webDirectory, fileDirectory]) {
      if (directory) {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    }
  });

  it('shows why a file is rejected', async () => {
    const { page } = browser;
    const file = path.join(fileDirectory, 'notes.xml');
    fs.writeFileSync(file, '<?xml version="1.0"?><Document><Nothing/></Document>\n');
    await page.goto(`${baseUrl}/payments/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-statement').click();
    const error = page.getByTestId('import-error');
    await error.waitFor();

    expect(await error.textContent()).toContain('notes.xml');
    await switchLanguage(page, 'nl');
    expect(await error.textContent()).toContain('is geen ondersteunde camt-namespace');
    await screenshots.captureBothLanguages(page, 'import-error');
  });

  it('imports a statement and shows the counts', async () => {
    const { page } = browser;
    const file = path.join(fileDirectory, 'statement.xml');
    fs.writeFileSync(file, statementFile(tenant.today));
    await page.goto(`${baseUrl}/payments/import`);
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-statement').click();
    await page.getByTestId('import-result').waitFor();

    expect(await page.getByTestId('count-transactions').textContent()).toBe('3');
    expect(await page.getByTestId('count-matched').textContent()).toBe('1');
    expect(await page.getByTestId('count-unmatched').textContent()).toBe('2');
    expect(await page.getByTestId('count-duplicates').textContent()).toBe('0');
    await screenshots.captureBothLanguages(page, 'import-result');
  });

  it('allocates the unmatched payment by hand', async () => {
    const { page } = browser;
    await page.getByTestId('to-queue').click();
    const table = page.getByTestId('queue-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    const deVries = rows.filter({ hasText: 'J. de Vries' });

    expect(await rows.count()).toBe(2);
    expect(await deVries.count()).toBe(1);
    await screenshots.captureBothLanguages(page, 'queue');

    await switchLanguage(page, 'nl');
    await deVries.getByTestId('allocate-payment').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('invoice-search').fill('Vries');
    const results = dialog.getByTestId('search-results');
    await results.locator('tr[data-invoice=F24005]').getByTestId('add-invoice').click();
    const amount = dialog.getByTestId('allocation-amount');
    const left = dialog.getByTestId('allocation-left');

    expect(await amount.inputValue()).toBe('150,00');
    await amount.fill('100,00');
    await expect.poll(() => left.textContent()).toMatch(/50,00 blijft niet toegewezen/);
    await amount.fill('160,00');
    await expect.poll(() => left.textContent()).toMatch(/10,00 meer dan/);
    expect(await dialog.getByTestId('save-allocation').isDisabled()).toBe(true);
    await amount.fill('150,00');
    await expect.poll(() => left.textContent()).toMatch(/0,00 blijft niet toegewezen/);
    await screenshots.captureBothLanguages(page, 'allocation-dialog');

    await switchLanguage(page, 'nl');
    await dialog.getByTestId('save-allocation').click();
    await deVries.waitFor({ state: 'detached' });
    await switchLanguage(page, 'en');

    expect(await rows.count()).toBe(1);
  });

  it('dismisses a refund with a reason', async () => {
    const { page } = browser;
    await page
      .getByTestId('queue-table')
      .locator('tbody tr')
      .getByTestId('dismiss-payment')
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('save-dismiss').click();

    expect(await dialog.textContent()).toContain('Enter a reason.');
    await dialog.getByTestId('dismiss-reason').fill('Refund from a web shop, not a debtor');
    await screenshots.captureBothLanguages(page, 'dismiss-dialog');
    await dialog.getByTestId('save-dismiss').click();
    await page.getByTestId('queue-empty').waitFor();
    await screenshots.captureBothLanguages(page, 'queue-empty');
  });

  it('lists the statement with its match states', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/payments/statements`);
    const statements = page.getByTestId('statements');
    await statements.waitFor();
    await statements.locator('button').first().click();
    const payments = page.getByTestId('statement-payments');
    await payments.waitFor();
    const states = await payments
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));

    expect(states.sort()).toEqual(['dismissed', 'matched', 'matched']);
    expect(await payments.textContent()).toContain('By hand');
    expect(await payments.textContent()).toContain('By invoice number');
    expect(await payments.textContent()).toContain('Refund from a web shop, not a debtor');
    await screenshots.captureBothLanguages(page, 'statements');

    await payments.getByTestId('restore-payment').click();
    await payments.locator('tbody tr[data-state=unmatched]').waitFor();
    await page.goto(`${baseUrl}/payments`);
    await page.getByTestId('queue-table').locator('tbody tr', { hasText: 'Webwinkel' }).waitFor();
  });

  it('lowers the open amount on the debtor card', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/debtors/${deVriesId}`);
    const invoice = page.getByTestId('invoice-table').locator('tbody tr', { hasText: 'F24005' });
    await invoice.waitFor();

    expect(await invoice.textContent()).toContain('€39.99');
  });
});
