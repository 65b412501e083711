import path from 'node:path';
import type { PlainDate } from '../dates/plain-date.ts';
import type { ImportMapping } from './import-mapping.ts';
import { ImportFileError } from './import-problems.ts';
import { readCsv } from './read-csv.ts';
import { readXlsx } from './read-xlsx.ts';

/** A cell as read: text from CSV or a text cell, or a typed number or date from XLSX. */
export type TableCell = string | { number: string } | { date: PlainDate };

export interface TableRow {
  /** Line in the file (CSV) or row in the sheet (XLSX); the header is line 1. */
  line: number;
  cells: TableCell[];
}

export interface ImportTable {
  headers: string[];
  rows: TableRow[];
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * Reads an import file into headers and non-empty rows: XLSX when the bytes
 * are a ZIP archive (as every .xlsx file is), else CSV.
 */
export async function readTable(
  content: Buffer,
  fileName: string,
  mapping: ImportMapping,
): Promise<ImportTable> {
  if (startsWith(content, OLE_SIGNATURE) || path.extname(fileName).toLowerCase() === '.xls') {
    throw new ImportFileError(
      'Old Excel files (.xls) are not supported; save the sheet as .xlsx or CSV.',
    );
  }
  if (startsWith(content, ZIP_SIGNATURE)) {
    return readXlsx(content, mapping);
  }

  return readCsv(content, mapping);
}

function startsWith(content: Buffer, signature: number[]): boolean {
  return signature.every((byte, index) => content[index] === byte);
}

/** Returns the trimmed text of a cell as a person reads it, and a date cell as YYYY-MM-DD. */
export function cellText(cell: TableCell | undefined): string {
  if (cell === undefined) {
    return '';
  }
  if (typeof cell === 'string') {
    return cell.trim();
  }

  return 'date' in cell ? cell.date : cell.number;
}
