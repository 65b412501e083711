import { readSheet, type SheetData } from 'read-excel-file/node';
import type { ImportMapping } from './import-mapping.ts';
import { ImportFileError } from './import-problems.ts';
import { cellText, type ImportTable, type TableCell } from './read-table.ts';

interface NumberCell {
  number: string;
}

/**
 * Reads one sheet of an XLSX workbook. A number cell keeps the shortest text
 * of the stored double ("5323.54", not "5323.5400000000000"), so amounts never
 * pass through arithmetic. A date cell becomes a plain date. Row numbers are
 * the sheet's row numbers.
 */
export async function readXlsx(content: Buffer, mapping: ImportMapping): Promise<ImportTable> {
  let data: SheetData<NumberCell>;
  try {
    const options = {
      parseNumber: (text: string): NumberCell => ({ number: String(Number(text)) }),
    };
    data =
      mapping.sheet === undefined
        ? await readSheet<NumberCell>(content, options)
        : await readSheet<NumberCell>(content, mapping.sheet, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImportFileError(
      `The XLSX file cannot be read (${message}). Save it again as .xlsx, or export it as CSV.`,
    );
  }

  const [header, ...body] = data;
  if (!header) {
    throw new ImportFileError('The sheet is empty; it needs a header row and one row per invoice.');
  }
  const rows = body
    .map((cells, index) => ({ line: index + 2, cells: cells.map(toTableCell) }))
    .filter((row) => row.cells.some((cell) => cellText(cell) !== ''));

  return { headers: header.map((cell) => cellText(toTableCell(cell))), rows };
}

function toTableCell(value: SheetData<NumberCell>[number][number] | undefined): TableCell {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    return { date: value.toISOString().slice(0, 10) };
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'TRUE' : 'FALSE';
  }

  return value as NumberCell;
}
