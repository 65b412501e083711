import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import {
  buildImportTarget,
  csv,
  runImport,
  TEST_ACTOR,
  type ImportTarget,
} from './import-test-factories.ts';

const HEADER =
  'debtor_number,debtor_name,debtor_email,invoice_number,invoice_date,due_date,amount,custom.order';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

interface AuditRow {
  action: string;
  actor: string;
  subject_type: string;
  subject_id: string | null;
  before: unknown;
  after: unknown;
}

/** Reads the audit events of the target's organisation with `action`, ordered by subject id. */
async function eventsOf(target: ImportTarget, action: string): Promise<AuditRow[]> {
  return test.database.db
    .selectFrom('audit_events')
    .select(['action', 'actor', 'subject_type', 'subject_id', 'before', 'after'])
    .where('organisation_id', '=', target.organisationId)
    .where('action', '=', action)
    .orderBy('subject_id')
    .execute();
}

async function idOf(table: 'debtors' | 'invoices', target: ImportTarget, number: string) {
  const row = await test.database.db
    .selectFrom(table)
    .select('id')
    .where('entity_id', '=', target.entityId)
    .where('number', '=', number)
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('import audit events', () => {
  it('new records get created events with their values', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(
      target,
      csv(HEADER, 'D1,Delta Supplies,ap@delta.example,INV-1,2024-07-01,2024-07-31,100.00,PO-1'),
    );
    const debtors = await eventsOf(target, 'debtor.created');
    const invoices = await eventsOf(target, 'invoice.created');

    expect(debtors).toEqual([
      {
        action: 'debtor.created',
        actor: TEST_ACTOR,
        subject_type: 'debtor',
        subject_id: await idOf('debtors', target, 'D1'),
        before: null,
        after: { number: 'D1', name: 'Delta Supplies', kind: 'b2b', email: 'ap@delta.example' },
      },
    ]);
    expect(invoices).toEqual([
      {
        action: 'invoice.created',
        actor: TEST_ACTOR,
        subject_type: 'invoice',
        subject_id: await idOf('invoices', target, 'INV-1'),
        before: null,
        after: {
          number: 'INV-1',
          debtorId: await idOf('debtors', target, 'D1'),
          kind: 'invoice',
          invoiceDate: '2024-07-01',
          dueDate: '2024-07-31',
          currency: 'EUR',
          amountMinor: 10000,
          custom: { order: 'PO-1' },
        },
      },
    ]);
  });

  it('changed records get only the changed fields', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(
      target,
      csv(
        HEADER,
        'D1,Delta Supplies,ap@delta.example,INV-1,2024-07-01,2024-07-31,100.00,PO-1',
        'D2,Echo Retail,,INV-2,2024-07-05,2024-08-04,250.50,PO-2',
      ),
    );

    const summary = await runImport(
      target,
      csv(
        HEADER,
        'D1,Delta Supplies BV,ap@delta.example,INV-1,2024-07-01,2024-08-15,120.00,PO-1',
        'D2,Echo Retail,,INV-2,2024-07-05,2024-08-04,250.50,PO-9',
      ),
    );
    const debtors = await eventsOf(target, 'debtor.updated');
    const invoices = await eventsOf(target, 'invoice.updated');
    const invoiceOne = await idOf('invoices', target, 'INV-1');
    const invoiceTwo = await idOf('invoices', target, 'INV-2');

    expect(summary.debtors.changed).toBe(1);
    expect(summary.invoices.changed).toBe(2);
    expect(debtors.map(({ subject_id, before, after }) => ({ subject_id, before, after }))).toEqual(
      [
        {
          subject_id: await idOf('debtors', target, 'D1'),
          before: { name: 'Delta Supplies' },
          after: { name: 'Delta Supplies BV' },
        },
      ],
    );
    expect(invoices.find((event) => event.subject_id === invoiceOne)).toMatchObject({
      before: { dueDate: '2024-07-31', amountMinor: 10000 },
      after: { dueDate: '2024-08-15', amountMinor: 12000 },
    });
    expect(invoices.find((event) => event.subject_id === invoiceTwo)).toMatchObject({
      before: { custom: { order: 'PO-2' } },
      after: { custom: { order: 'PO-9' } },
    });
  });

  it('unchanged records get no events', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(HEADER, 'D1,Delta,,INV-1,2024-07-01,2024-07-31,100.00,PO-1');
    await runImport(target, file);

    await runImport(target, file);

    expect(await eventsOf(target, 'debtor.updated')).toEqual([]);
    expect(await eventsOf(target, 'invoice.updated')).toEqual([]);
    expect(await eventsOf(target, 'invoice.created')).toHaveLength(1);
  });

  it('snapshot import records closed invoices', async () => {
    const target = await buildImportTarget(test.database);
    await runImport(
      target,
      csv(
        HEADER,
        'D1,Delta,,INV-1,2024-07-01,2024-07-31,100.00,',
        'D1,Delta,,INV-2,2024-07-01,2024-07-31,50.00,',
      ),
    );

    await runImport(target, csv(HEADER, 'D1,Delta,,INV-1,2024-07-01,2024-07-31,100.00,'), {
      full: true,
    });
    const closed = await eventsOf(target, 'invoice.closed');

    expect(closed).toEqual([
      {
        action: 'invoice.closed',
        actor: TEST_ACTOR,
        subject_type: 'invoice',
        subject_id: await idOf('invoices', target, 'INV-2'),
        before: { closedOn: null },
        after: { closedOn: '2024-08-15' },
      },
    ]);
  });

  it('reopening records the closed date', async () => {
    const target = await buildImportTarget(test.database);
    const file = csv(HEADER, 'D1,Delta,,INV-1,2024-07-01,2024-07-31,100.00,');
    await runImport(target, csv(HEADER, 'D1,Delta,,INV-2,2024-07-01,2024-07-31,5.00,'));
    await runImport(target, file);
    await runImport(target, csv(HEADER, 'D1,Delta,,INV-2,2024-07-01,2024-07-31,5.00,'), {
      full: true,
    });

    await runImport(target, file);
    const updated = await eventsOf(target, 'invoice.updated');

    expect(updated).toHaveLength(1);
    expect(updated[0]).toMatchObject({
      subject_id: await idOf('invoices', target, 'INV-1'),
      before: { closedOn: '2024-08-15' },
      after: { closedOn: null },
    });
  });

  it('dry run records nothing', async () => {
    const target = await buildImportTarget(test.database);

    await runImport(target, csv(HEADER, 'D1,Delta,,INV-1,2024-07-01,2024-07-31,100.00,'), {
      dryRun: true,
    });

    expect(await eventsOf(target, 'debtor.created')).toEqual([]);
    expect(await eventsOf(target, 'invoice.created')).toEqual([]);
  });
});
