import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { bindColumns } from './bind-columns.ts';
import { ImportFileError } from './import-problems.ts';
import { mappingPresets } from './mapping-presets.ts';
import { resolveMapping } from './resolve-mapping.ts';

describe('resolveMapping', () => {
  it('reads a mapping file with custom fields and settings', () => {
    const mapping = resolveMapping({
      name: 'layout.json',
      json: {
        columns: { Nr: 'invoice_number', Region: 'debtor.custom.region', Notes: null },
        delimiter: 'tab',
        decimalSeparator: ',',
        dateFormat: 'DD-MM-YYYY',
        encoding: 'windows-1252',
      },
    });

    expect(mapping.columns?.Nr).toEqual({ kind: 'field', field: 'invoice_number' });
    expect(mapping.columns?.Region).toEqual({ kind: 'custom', owner: 'debtor', name: 'region' });
    expect(mapping.columns?.Notes).toBeNull();
    expect(mapping.delimiter).toBe('\t');
    expect(mapping.dateFormat).toBe('DD-MM-YYYY');
  });

  it('names every invalid entry of a mapping file', () => {
    const invalid = () =>
      resolveMapping({
        name: 'bad.json',
        json: { columns: { A: 'invoice_nr' }, dateFormat: 'MM/YYYY', extra: 1 },
      });

    expect(invalid).toThrow(AppError);
    expect(invalid).toThrow(/columns\.A: "invoice_nr" is not a field/);
    expect(invalid).toThrow(/dateFormat/);
    expect(invalid).toThrow(/extra/);
  });

  it('rejects an unknown preset', () => {
    expect(() => resolveMapping('sap')).toThrow(/generic, ar-history/);
  });
});

describe('bindColumns', () => {
  it('matches generic headers to fields', () => {
    const binding = bindColumns(
      ['Invoice Number', 'debtor_name', 'due-date', 'AMOUNT', 'custom.po', 'Remarks'],
      mappingPresets.generic!,
    );

    expect(binding.fields.invoice_number?.index).toBe(0);
    expect(binding.fields.due_date?.header).toBe('due-date');
    expect(binding.fields.amount?.index).toBe(3);
    expect(binding.custom).toEqual([
      { index: 4, header: 'custom.po', owner: 'invoice', name: 'po' },
    ]);
    expect(binding.ignored).toEqual(['Remarks']);
  });

  it('reports missing columns on line 1', () => {
    try {
      bindColumns(['debtor_name', 'amount'], mappingPresets.generic!);
      expect.fail('bindColumns accepted a header without invoice_number');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportFileError);
      const problems = (error as ImportFileError).problems;
      expect(problems.map((problem) => problem.column)).toEqual(['invoice_number', 'due_date']);
      expect(problems.every((problem) => problem.row === 1)).toBe(true);
    }
  });

  it('reports a mapped column the file lacks', () => {
    const headers = ['countryCode', 'customerID', 'invoiceNumber', 'InvoiceDate', 'DueDate'];

    expect(() => bindColumns(headers, mappingPresets['ar-history']!)).toThrow(ImportFileError);
  });

  it('reports two columns for one field', () => {
    expect(() =>
      bindColumns(
        ['invoice_number', 'debtor_name', 'due_date', 'amount', 'Amount'],
        mappingPresets.generic!,
      ),
    ).toThrow(/both "amount" and "Amount"/);
  });
});
