import { CsvError, parse } from 'csv-parse/sync';
import { decodeText } from './decode-text.ts';
import type { Delimiter, ImportMapping } from './import-mapping.ts';
import { ImportFileError } from './import-problems.ts';
import { cellText, type ImportTable, type TableRow } from './read-table.ts';

const candidateDelimiters: Delimiter[] = [',', ';', '\t', '|'];

/**
 * Reads a CSV file into a header and its non-blank rows. Line endings are
 * normalised to "\n" first, so line numbers count CRLF, LF and CR files alike.
 */
export function readCsv(content: Buffer, mapping: ImportMapping): ImportTable {
  const text = decodeText(content, mapping.encoding).replace(/\r\n?/g, '\n');
  const delimiter = mapping.delimiter ?? detectDelimiter(text);

  let records: string[][];
  try {
    // Blank lines stay in as records, so each record's line can be counted
    // without csv-parse's per-record info objects, which cost more than parsing.
    records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true });
  } catch (error) {
    if (error instanceof CsvError) {
      const where = typeof error.lines === 'number' ? ` at line ${error.lines}` : '';
      throw new ImportFileError(
        `The file is not valid CSV${where}: ${error.message}. Check the quotes on that line.`,
      );
    }
    throw error;
  }

  const rows: TableRow[] = [];
  let line = 1;
  for (const record of records) {
    if (record.some((cell) => cell.trim() !== '')) {
      rows.push({ line, cells: record });
    }
    line += 1 + lineBreaks(record);
  }
  const [header, ...body] = rows;
  if (!header) {
    throw new ImportFileError(
      'The file is empty; it needs a header line and one line per invoice.',
    );
  }

  return { headers: header.cells.map((name) => cellText(name)), rows: body };
}

/**
 * Returns the delimiter that occurs most often outside quotes on the header
 * line, among comma, semicolon, tab and pipe, or a comma when none occurs.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>();
  let quoted = false;
  for (const character of text) {
    if (character === '"') {
      quoted = !quoted;
    } else if (character === '\n' && !quoted) {
      break;
    } else if (!quoted && candidateDelimiters.includes(character as Delimiter)) {
      counts.set(character as Delimiter, (counts.get(character as Delimiter) ?? 0) + 1);
    }
  }
  let best: Delimiter = ',';
  for (const candidate of candidateDelimiters) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) {
      best = candidate;
    }
  }

  return best;
}

/** Line breaks inside the quoted fields of a record. */
function lineBreaks(record: string[]): number {
  let breaks = 0;
  for (const cell of record) {
    for (let index = cell.indexOf('\n'); index !== -1; index = cell.indexOf('\n', index + 1)) {
      breaks += 1;
    }
  }

  return breaks;
}
