import iconv from 'iconv-lite';
import writeXlsxFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { buildImportTarget, csv, runImport, type ImportTarget } from './import-test-factories.ts';
import { resolveMapping } from './resolve-mapping.ts';

const semicolonLayout = resolveMapping({
  name: 'semicolon.json',
  json: {
    columns: {
      invoice_no: 'invoice_number',
      debtor: 'debtor_name',
      due_date: 'due_date',
      amount: 'amount',
    },
    delimiter: ';',
    decimalSeparator: ',',
  },
});

const decimalCommaFile = csv(
  'invoice_no;debtor;due_date;amount',
  'IMP-1;Delta Supplies;2024-07-31;5323,54',
  'IMP-2;Delta Supplies;2024-07-31;1.234,56',
  'IMP-3;Delta Supplies;2024-07-31;-0,01',
  'IMP-4;Delta Supplies;2024-07-31;100',
  'IMP-5;Delta Supplies;2024-07-31;1,234',
);

let test: TestDatabase;

// Opening and migrating a database takes long on a busy machine.
beforeAll(async () => {
  test = await createTestDatabase();
}, 120_000);

afterAll(async () => {
  await test.drop();
});

async function amountsOf(target: ImportTarget): Promise<Record<string, number>> {
  const rows = await test.database.db
    .selectFrom('invoices')
    .select(['number', 'amount_minor'])
    .where('entity_id', '=', target.entityId)
    .execute();
  return Object.fromEntries(rows.map((row) => [row.number, row.amount_minor]));
}

async function debtorNamesOf(target: ImportTarget): Promise<string[]> {
  const rows = await test.database.db
    .selectFrom('debtors')
    .select('name')
    .where('entity_id', '=', target.entityId)
    .execute();
  return rows.map((row) => row.name);
}

describe('decimal comma with thousands points', () => {
  it('reads amounts and rejects three decimals, with skipInvalid', async () => {
    const target = await buildImportTarget(test.database);

    const summary = await runImport(target, decimalCommaFile, {
      mapping: semicolonLayout,
      skipInvalid: true,
    });

    expect(await amountsOf(target)).toEqual({
      'IMP-1': 532354,
      'IMP-2': 123456,
      'IMP-3': -1,
      'IMP-4': 10000,
    });
    const total = Object.values(await amountsOf(target)).reduce((sum, minor) => sum + minor, 0);
    expect(total).toBe(665809);
    expect(summary.rejected).toEqual([
      {
        row: 6,
        column: 'amount',
        value: '1,234',
        reason: expect.stringContaining('has 3 decimals, but EUR has 2'),
      },
    ]);
  });

  it('imports nothing without skipInvalid', async () => {
    const target = await buildImportTarget(test.database);

    await expect(
      runImport(target, decimalCommaFile, { mapping: semicolonLayout }),
    ).rejects.toMatchObject({
      code: 'import_rejected',
      details: { rejected: [{ row: 6, column: 'amount', value: '1,234' }] },
    });
    expect(await amountsOf(target)).toEqual({});
  });

  it('detects the decimal comma when the mapping leaves it out', async () => {
    const target = await buildImportTarget(test.database);
    const detecting = { ...semicolonLayout, decimalSeparator: undefined, delimiter: undefined };

    const summary = await runImport(target, decimalCommaFile, {
      mapping: detecting,
      skipInvalid: true,
    });

    expect(summary.invoices.new).toBe(4);
    expect((await amountsOf(target))['IMP-2']).toBe(123456);
    expect(summary.rejected.map((problem) => problem.row)).toEqual([6]);
  });
});

describe('text encodings', () => {
  it('reads Windows-1252 names', async () => {
    const target = await buildImportTarget(test.database);
    const file = iconv.encode(
      csv('invoice_no;debtor;due_date;amount', 'IMP-1;Müller & Söhne;2024-07-31;10,00'),
      'windows-1252',
    );

    await runImport(target, file, { mapping: semicolonLayout });

    expect(await debtorNamesOf(target)).toEqual(['Müller & Söhne']);
  });

  it('keeps the first header intact after a UTF-8 byte-order mark', async () => {
    const target = await buildImportTarget(test.database);
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        csv('invoice_no;debtor;due_date;amount', 'IMP-1;Müller & Söhne;2024-07-31;10,00'),
      ),
    ]);

    const summary = await runImport(target, file, { mapping: semicolonLayout });

    expect(summary.invoices.new).toBe(1);
    expect(await amountsOf(target)).toEqual({ 'IMP-1': 1000 });
    expect(await debtorNamesOf(target)).toEqual(['Müller & Söhne']);
  });
});

describe('XLSX files', () => {
  it('reads number, date and text cells', async () => {
    const target = await buildImportTarget(test.database);
    const workbook = await writeXlsxFile([
      ['invoice_number', 'debtor_name', 'invoice_date', 'due_date', 'amount'],
      [
        611365,
        'Delta Supplies',
        { value: new Date(Date.UTC(2024, 6, 1)), type: Date, format: 'yyyy-mm-dd' },
        '2024-07-31',
        5323.54,
      ],
      ['INV-2', 'Müller & Söhne', null, '2024-08-31', '-0.01'],
    ]).toBuffer();

    const summary = await runImport(target, workbook, { fileName: 'open-items.xlsx' });

    expect(summary.invoices.new).toBe(2);
    expect(await amountsOf(target)).toEqual({ '611365': 532354, 'INV-2': -1 });
    const invoice = await test.database.db
      .selectFrom('invoices')
      .select(['invoice_date', 'due_date'])
      .where('entity_id', '=', target.entityId)
      .where('number', '=', '611365')
      .executeTakeFirstOrThrow();
    expect(invoice).toEqual({ invoice_date: '2024-07-01', due_date: '2024-07-31' });
  });

  it('rejects a number with more decimals than the currency', async () => {
    const target = await buildImportTarget(test.database);
    const workbook = await writeXlsxFile([
      ['invoice_number', 'debtor_name', 'due_date', 'amount'],
      ['INV-1', 'Delta', '2024-07-31', 10.005],
    ]).toBuffer();

    await expect(
      runImport(target, workbook, { fileName: 'open-items.xlsx' }),
    ).rejects.toMatchObject({
      details: { rejected: [{ row: 2, column: 'amount', value: '10.005' }] },
    });
  });
});
