import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { withOrganisation } from '../db/tenant.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildImportTarget, csv, runImport, type ImportTarget } from './import-test-factories.ts';

const HEADER =
  'debtor_number,debtor_name,debtor_email,debtor_language,debtor_kind,invoice_number,invoice_date,due_date,amount';
const twoInvoices = csv(
  HEADER,
  'D1,Delta Supplies,ap@delta.example,nl,b2b,INV-1,2024-07-01,2024-07-31,100.00',
  'D2,Echo Retail,,,b2c,INV-2,2024-07-05,2024-08-04,250.50',
);

let test: TestDatabase;

// Opening and migrating a database takes long on a busy machine.
beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

async function invoicesOf(target: ImportTarget) {
  return test.database.db
    .selectFrom('invoices')
    .selectAll()
    .where('entity_id', '=', target.entityId)
    .orderBy('number')
    .execute();
}

async function paymentsOf(target: ImportTarget) {
  return test.database.db
    .selectFrom('payments')
    .innerJoin('allocations', 'allocations.payment_id', 'payments.id')
    .innerJoin('invoices', 'invoices.id', 'allocations.invoice_id')
    .select([
      'invoices.number',
      'payments.payment_date',
      'payments.amount_minor',
      'payments.source',
      'allocations.amount_minor as allocated_minor',
    ])
    .where('payments.entity_id', '=', target.entityId)
    .orderBy('invoices.number')
    .orderBy('payments.payment_date')
    .execute();
}

async function openOn(target: ImportTarget, asOf: string) {
  return withOrganisation(test.database, target.organisationId, (trx) =>
    selectOpenInvoices(trx, { entityId: target.entityId, asOf }).execute(),
  );
}

describe('importReceivables', () => {
  it('imports new debtors and invoices', async () => {
    const target = await buildImportTarget(test.database);

    const summary = await runImport(target, twoInvoices);

    expect(summary).toEqual({
      debtors: { new: 2, changed: 0, unchanged: 0 },
      invoices: { new: 2, changed: 0, unchanged: 0, closed: 0 },
      payments: { new: 0 },
      rejected: [],
    });
    const invoices = await invoicesOf(target);
    expect(
      invoices.map((invoice) => [invoice.number, invoice.amount_minor, invoice.currency]),
    ).toEqual([
      ['INV-1', 10000, 'EUR'],
      ['INV-2', 25050, 'EUR'],
    ]);
    expect(invoices[0]?.due_date).toBe('2024-07-31');
  });

  it('stores debtor details in the default segment', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const debtors = await test.database.db
      .selectFrom('debtors')
      .innerJoin('segments', 'segments.id', 'debtors.segment_id')
      .select([
        'debtors.number',
        'debtors.name',
        'debtors.email',
        'debtors.language',
        'debtors.kind',
      ])
      .select(['segments.is_default'])
      .where('debtors.entity_id', '=', target.entityId)
      .orderBy('debtors.number')
      .execute();
    expect(debtors).toEqual([
      {
        number: 'D1',
        name: 'Delta Supplies',
        email: 'ap@delta.example',
        language: 'nl',
        kind: 'b2b',
        is_default: true,
      },
      {
        number: 'D2',
        name: 'Echo Retail',
        email: null,
        language: null,
        kind: 'b2c',
        is_default: true,
      },
    ]);
  });

  it('changes nothing on a second import', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const again = await runImport(target, twoInvoices);

    expect(again).toEqual({
      debtors: { new: 0, changed: 0, unchanged: 2 },
      invoices: { new: 0, changed: 0, unchanged: 2, closed: 0 },
      payments: { new: 0 },
      rejected: [],
    });
  });

  it('records the import and an audit event', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const imports = await test.database.db
      .selectFrom('imports')
      .select(['sha256', 'file_name', 'is_full', 'summary', 'created_by'])
      .where('entity_id', '=', target.entityId)
      .execute();
    expect(imports).toHaveLength(1);
    expect(imports[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(imports[0]?.summary).toMatchObject({ invoices: { new: 2 } });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type'])
      .where('organisation_id', '=', target.organisationId)
      .where('action', '=', 'import.completed')
      .execute();
    expect(audit).toEqual([{ action: 'import.completed', subject_type: 'import' }]);
  });

  it('counts changed invoices and debtors', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const summary = await runImport(
      target,
      csv(
        HEADER,
        'D1,Delta Supplies BV,ap@delta.example,nl,b2b,INV-1,2024-07-01,2024-07-31,120.00',
        'D2,Echo Retail,,,b2c,INV-2,2024-07-05,2024-08-04,250.50',
      ),
    );

    expect(summary.debtors).toEqual({ new: 0, changed: 1, unchanged: 1 });
    expect(summary.invoices).toEqual({ new: 0, changed: 1, unchanged: 1, closed: 0 });
    expect((await invoicesOf(target))[0]?.amount_minor).toBe(12000);
  });

  it('keeps stored debtor fields the file leaves empty', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    await runImport(
      target,
      csv('debtor_number,invoice_number,due_date,amount', 'D1,INV-3,2024-09-30,10'),
    );

    const debtor = await test.database.db
      .selectFrom('debtors')
      .select(['name', 'email'])
      .where('entity_id', '=', target.entityId)
      .where('number', '=', 'D1')
      .executeTakeFirstOrThrow();
    expect(debtor).toEqual({ name: 'Delta Supplies', email: 'ap@delta.example' });
  });

  it('closes open invoices missing from a full snapshot', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const summary = await runImport(
      target,
      csv(HEADER, 'D1,Delta Supplies,,,,INV-1,2024-07-01,2024-07-31,100.00'),
      {
        full: true,
        importDate: '2024-08-20',
      },
    );

    expect(summary.invoices.closed).toBe(1);
    const closed = (await invoicesOf(target)).find((invoice) => invoice.number === 'INV-2');
    expect(closed?.closed_on).toBe('2024-08-20');
    expect((await openOn(target, '2024-08-19')).map((invoice) => invoice.number)).toEqual([
      'INV-1',
      'INV-2',
    ]);
    expect((await openOn(target, '2024-08-20')).map((invoice) => invoice.number)).toEqual([
      'INV-1',
    ]);
  });

  it('reopens an invoice that a snapshot closed', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);
    await runImport(
      target,
      csv(HEADER, 'D1,Delta Supplies,,,,INV-1,2024-07-01,2024-07-31,100.00'),
      { full: true },
    );

    const summary = await runImport(target, twoInvoices);

    expect(summary.invoices).toEqual({ new: 0, changed: 1, unchanged: 1, closed: 0 });
    expect((await invoicesOf(target)).every((invoice) => invoice.closed_on === null)).toBe(true);
  });

  it('books a paid date as a payment on that date', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(
      'debtor_name,invoice_number,invoice_date,due_date,amount,paid_date',
      'Delta,INV-1,2024-07-01,2024-07-31,100.00,2024-08-05',
    );

    const summary = await runImport(target, file);
    const again = await runImport(target, file);

    expect(summary.payments.new).toBe(1);
    expect(again.payments.new).toBe(0);
    expect(await paymentsOf(target)).toEqual([
      {
        number: 'INV-1',
        payment_date: '2024-08-05',
        amount_minor: 10000,
        source: 'import',
        allocated_minor: 10000,
      },
    ]);
    expect((await openOn(target, '2024-08-04')).map((invoice) => invoice.open_minor)).toEqual([
      10000,
    ]);
    expect(await openOn(target, '2024-08-05')).toEqual([]);
  });

  it('books open-amount differences on import dates', async () => {
    const target = await buildImportTarget(test.database);
    const header = 'debtor_name,invoice_number,due_date,amount,open_amount';

    const first = await runImport(target, csv(header, 'Delta,INV-1,2024-07-31,100.00,60.00'), {
      importDate: '2024-08-10',
    });
    const same = await runImport(target, csv(header, 'Delta,INV-1,2024-07-31,100.00,60.00'), {
      importDate: '2024-08-11',
    });
    const lower = await runImport(target, csv(header, 'Delta,INV-1,2024-07-31,100.00,25.00'), {
      importDate: '2024-08-12',
    });

    expect([first.payments.new, same.payments.new, lower.payments.new]).toEqual([1, 0, 1]);
    expect(
      (await paymentsOf(target)).map((payment) => [payment.payment_date, payment.amount_minor]),
    ).toEqual([
      ['2024-08-10', 4000],
      ['2024-08-12', 3500],
    ]);
    expect((await openOn(target, '2024-08-12'))[0]?.open_minor).toBe(2500);
  });

  it('imports credit notes as negative amounts', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(
        'debtor_name,invoice_number,due_date,amount,kind',
        'Delta,CN-1,2024-07-31,-20.00,',
        'Delta,CN-2,2024-07-31,30.00,credit_note',
      ),
    );

    const invoices = await invoicesOf(target);
    expect(invoices.map((invoice) => [invoice.number, invoice.kind, invoice.amount_minor])).toEqual(
      [
        ['CN-1', 'credit_note', -2000],
        ['CN-2', 'credit_note', -3000],
      ],
    );
  });

  it('stores custom fields of debtors and invoices', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(
        'debtor_name,invoice_number,due_date,amount,debtor.custom.region,custom.order',
        'Delta,INV-1,2024-07-31,5,North,PO-7',
      ),
    );

    const row = await test.database.db
      .selectFrom('invoices')
      .innerJoin('debtors', 'debtors.id', 'invoices.debtor_id')
      .select(['invoices.custom as invoice_custom', 'debtors.custom as debtor_custom'])
      .where('invoices.entity_id', '=', target.entityId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ invoice_custom: { order: 'PO-7' }, debtor_custom: { region: 'North' } });
  });

  it('derives the due date from payment terms', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(
        'debtor_name,invoice_number,invoice_date,payment_terms,amount',
        'Delta,INV-1,2024-07-01,30,5',
      ),
    );

    expect((await invoicesOf(target))[0]?.due_date).toBe('2024-07-31');
  });

  it('rejects the whole file for one invalid row', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(
      HEADER,
      'D1,Delta,,,,INV-1,2024-07-01,2024-07-31,100.00',
      'D2,Echo,,,,INV-2,2024-02-30,2024-08-04,1',
    );

    const attempt = runImport(target, file);

    await expect(attempt).rejects.toThrow(AppError);
    await expect(runImport(target, file)).rejects.toMatchObject({
      code: 'import_rejected',
      details: {
        rejected: [
          {
            row: 3,
            column: 'invoice_date',
            value: '2024-02-30',
            reason: expect.stringContaining('calendar'),
          },
        ],
      },
    });
    expect(await invoicesOf(target)).toEqual([]);
  });

  it('imports the valid rows with skipInvalid', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(
      HEADER,
      'D1,Delta,not-an-email,,,INV-1,2024-07-01,2024-07-31,100.00',
      'D2,Echo,,,,INV-2,2024-07-05,2024-08-04,1',
    );

    const summary = await runImport(target, file, { skipInvalid: true });

    expect(summary.invoices.new).toBe(1);
    expect(summary.debtors.new).toBe(1);
    expect(summary.rejected).toEqual([
      {
        row: 2,
        column: 'debtor_email',
        value: 'not-an-email',
        reason: expect.stringContaining('e-mail'),
      },
    ]);
  });

  it('rejects a repeated invoice number', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(
      HEADER,
      'D1,Delta,,,,INV-1,2024-07-01,2024-07-31,1',
      'D1,Delta,,,,INV-1,2024-07-01,2024-07-31,2',
    );

    const summary = await runImport(target, file, { skipInvalid: true });

    expect(summary.rejected).toEqual([
      {
        row: 3,
        column: 'invoice_number',
        value: 'INV-1',
        reason: expect.stringContaining('line 2'),
      },
    ]);
  });

  it('does not close invoices of rejected rows in a snapshot', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(target, twoInvoices);

    const summary = await runImport(
      target,
      csv(
        HEADER,
        'D1,Delta,,,,INV-1,2024-07-01,2024-07-31,100.00',
        'D2,Echo,,,,INV-2,2024-07-05,2024-08-04,abc',
      ),
      { full: true, skipInvalid: true },
    );

    expect(summary.invoices.closed).toBe(0);
    expect(summary.rejected).toHaveLength(1);
  });

  it('writes nothing on a dry run', async () => {
    const target = await buildImportTarget(test.database);

    const dry = await runImport(target, twoInvoices, { dryRun: true });
    const imports = await test.database.db
      .selectFrom('imports')
      .select('id')
      .where('entity_id', '=', target.entityId)
      .execute();

    expect(dry.invoices.new).toBe(2);
    expect(await invoicesOf(target)).toEqual([]);
    expect(imports).toEqual([]);
    expect(await runImport(target, twoInvoices)).toEqual(dry);
  });

  it('rejects a header without required columns', async () => {
    const target = await buildImportTarget(test.database);

    await expect(runImport(target, csv('debtor_name,amount', 'Delta,1'))).rejects.toMatchObject({
      code: 'import_rejected',
      details: {
        rejected: [
          { row: 1, column: 'invoice_number' },
          { row: 1, column: 'due_date' },
        ],
      },
    });
  });
});
