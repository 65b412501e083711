import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withOrganisation } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildImportTarget, runImport, type ImportTarget } from './import-test-factories.ts';
import { resolveMapping } from './resolve-mapping.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arHistoryFile = path.resolve(
  repoRoot,
  '../shared/data/ar-history/WA_Fn-UseC_-Accounts-Receivable.csv',
);
const present = fs.existsSync(arHistoryFile);
if (!present) {
  console.log(`Skipping the ar-history import test: ${arHistoryFile} is absent.`);
}

describe.skipIf(!present)('ar-history sample import', () => {
  let test: TestDatabase;
  let target: ImportTarget;
  const importFile = () =>
    runImport(target, fs.readFileSync(arHistoryFile), {
      fileName: path.basename(arHistoryFile),
      mapping: resolveMapping('ar-history'),
      importDate: '2014-06-30',
    });

  beforeAll(async () => {
    test = await createTestDatabase();
    target = await buildImportTarget(test.database, { code: 'AR', currency: 'USD', country: 'US' });
  }, 120_000);

  afterAll(async () => {
    await test.drop();
  });

  it('imports every debtor, invoice and settlement', async () => {
    expect(await importFile()).toEqual({
      debtors: { new: 100, changed: 0, unchanged: 0 },
      invoices: { new: 2466, changed: 0, unchanged: 0, closed: 0 },
      payments: { new: 2466 },
      rejected: [],
    });
  });

  it('changes nothing on the second import', async () => {
    expect(await importFile()).toEqual({
      debtors: { new: 0, changed: 0, unchanged: 100 },
      invoices: { new: 0, changed: 0, unchanged: 2466, closed: 0 },
      payments: { new: 0 },
      rejected: [],
    });
  });

  it('leaves 88 invoices open on 2013-09-30', async () => {
    const open = await withOrganisation(test.database, target.organisationId, (trx) =>
      selectOpenInvoices(trx, { entityId: target.entityId, asOf: '2013-09-30' }).execute(),
    );

    expect(open).toHaveLength(88);
    expect(open.reduce((sum, invoice) => sum + invoice.open_minor, 0)).toBe(502922);
  });

  it('uses the customer ID as debtor name and keeps the sample columns', async () => {
    const debtor = await test.database.db
      .selectFrom('debtors')
      .select(['number', 'name', 'custom'])
      .where('entity_id', '=', target.entityId)
      .where('number', '=', '0379-NEVHP')
      .executeTakeFirstOrThrow();
    const invoice = await test.database.db
      .selectFrom('invoices')
      .select(['invoice_date', 'due_date', 'amount_minor', 'currency', 'custom'])
      .where('entity_id', '=', target.entityId)
      .where('number', '=', '611365')
      .executeTakeFirstOrThrow();

    expect(debtor).toEqual({
      number: '0379-NEVHP',
      name: '0379-NEVHP',
      custom: { countryCode: '391', paperlessDate: '4/6/2013' },
    });
    expect(invoice).toEqual({
      invoice_date: '2013-01-02',
      due_date: '2013-02-01',
      amount_minor: 5594,
      currency: 'USD',
      custom: { disputed: 'No', paperlessBill: 'Paper' },
    });
  });
});
