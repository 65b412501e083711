import { describe, expect, it } from 'vitest';
import { bindColumns } from './bind-columns.ts';
import { csv } from './import-test-factories.ts';
import { mappingPresets } from './mapping-presets.ts';
import { parseImportRows } from './parse-import-rows.ts';
import { readTable } from './read-table.ts';

const generic = mappingPresets.generic!;
const HEADER =
  'debtor_number,debtor_name,debtor_kind,debtor_language,debtor_country,invoice_number,invoice_date,due_date,payment_terms,amount,open_amount,paid_date,currency,kind';

async function parse(...rows: string[]) {
  const table = await readTable(Buffer.from(csv(HEADER, ...rows)), 'rows.csv', generic);
  return parseImportRows(table, bindColumns(table.headers, generic), {
    mapping: generic,
    defaultCurrency: 'EUR',
    importDate: '2024-08-15',
  });
}

describe('parseImportRows', () => {
  it.each([
    ['debtor_kind', 'b2b', 'D1,,b2x,,,I1,2024-07-01,2024-07-31,,10.00,,,,'],
    ['debtor_language', 'ISO 639-1', 'D1,,,dutch,,I1,2024-07-01,2024-07-31,,10.00,,,,'],
    ['debtor_country', 'ISO 3166', 'D1,,,,NLD,I1,2024-07-01,2024-07-31,,10.00,,,,'],
    ['debtor_number', 'both empty', ',,,,,I1,2024-07-01,2024-07-31,,10.00,,,,'],
    ['invoice_number', 'empty', 'D1,,,,,,2024-07-01,2024-07-31,,10.00,,,,'],
    ['due_date', 'before the invoice date', 'D1,,,,,I1,2024-07-01,2024-06-30,,10.00,,,,'],
    ['due_date', 'empty', 'D1,,,,,I1,2024-07-01,,,10.00,,,,'],
    ['payment_terms', 'number of days', 'D1,,,,,I1,2024-07-01,,thirty,10.00,,,,'],
    ['amount', 'empty', 'D1,,,,,I1,2024-07-01,2024-07-31,,,,,,'],
    ['amount', 'not a number', 'D1,,,,,I1,2024-07-01,2024-07-31,,ten,,,,'],
    ['open_amount', 'between 0 and the amount', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,12.00,,,'],
    ['open_amount', 'same sign', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,-1.00,,,'],
    ['open_amount', 'paid date', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,5.00,2024-08-01,,'],
    ['paid_date', 'after the import date', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,,2024-08-16,,'],
    ['currency', 'ISO 4217', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,,,EURO,'],
    ['kind', 'invoice or credit_note', 'D1,,,,,I1,2024-07-01,2024-07-31,,10.00,,,,bill'],
    ['kind', 'credit note', 'D1,,,,,I1,2024-07-01,2024-07-31,,-10.00,,,,invoice'],
    ['invoice_date', 'format YYYY-MM-DD', 'D1,,,,,I1,07/01/2024,2024-07-31,,10.00,,,,'],
  ])('rejects %s: %s', async (column, reason, row) => {
    const parsed = await parse(row);

    expect(parsed.invoices).toEqual([]);
    expect(parsed.rejected).toHaveLength(1);
    expect(parsed.rejected[0]?.row).toBe(2);
    expect(parsed.rejected[0]?.column).toBe(column);
    expect(parsed.rejected[0]?.reason).toContain(reason);
  });

  it('reports every problem of one row', async () => {
    const parsed = await parse('D1,,b2x,,,I1,2024-02-30,2024-07-31,,1.2345,,,,');

    expect(parsed.rejected.map((problem) => problem.column)).toEqual([
      'debtor_kind',
      'amount',
      'invoice_date',
    ]);
  });

  it('derives defaults for a minimal row', async () => {
    const parsed = await parse(',Delta,,,,I1,,2024-09-30,,10,,,,');

    expect(parsed.invoices).toEqual([
      {
        line: 2,
        number: 'I1',
        debtorNumber: 'Delta',
        kind: 'invoice',
        invoiceDate: '2024-08-15',
        dueDate: '2024-09-30',
        currency: 'EUR',
        amountMinor: 1000,
        custom: {},
      },
    ]);
    expect(parsed.debtors.get('Delta')).toEqual({ number: 'Delta', name: 'Delta', custom: {} });
  });

  it('merges a debtor over its rows', async () => {
    const parsed = await parse(
      'D1,Delta,b2c,,,I1,2024-07-01,2024-07-31,,10,,,,',
      'D1,Delta BV,,nl,,I2,2024-07-01,2024-07-31,,10,,,,',
    );

    expect(parsed.debtors.get('D1')).toEqual({
      number: 'D1',
      name: 'Delta BV',
      kind: 'b2c',
      language: 'nl',
      custom: {},
    });
  });
});
