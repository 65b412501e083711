import { AmountParseError, parseAmount, type DecimalSeparator } from '../money/money.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import type { ColumnBinding } from './bind-columns.ts';
import { parseDateText, type DateFormat } from './date-format.ts';
import type { StandardField } from './import-fields.ts';
import type { RejectedRow } from './import-problems.ts';
import { cellText, type TableCell, type TableRow } from './read-table.ts';

export interface RowSettings {
  binding: ColumnBinding;
  decimalSeparator: DecimalSeparator;
  dateFormat: DateFormat;
}

/**
 * Reads the fields of one row and collects a problem, with the column's
 * header and the value as written, for every field that is not valid.
 */
export class RowReader {
  readonly problems: RejectedRow[] = [];

  constructor(
    readonly row: TableRow,
    private readonly settings: RowSettings,
  ) {}

  cell(field: StandardField): TableCell | undefined {
    const column = this.settings.binding.fields[field];
    return column ? this.row.cells[column.index] : undefined;
  }

  /** Returns the trimmed text of a field, or '' when the file has no such column. */
  text(field: StandardField): string {
    return cellText(this.cell(field));
  }

  reject(field: StandardField, reason: string): undefined {
    this.problems.push({
      row: this.row.line,
      column: this.settings.binding.fields[field]?.header ?? field,
      value: this.text(field),
      reason,
    });
    return undefined;
  }

  /** Parses an amount into minor units of `currency`. Returns undefined when empty or invalid. */
  amount(field: StandardField, currency: string): number | undefined {
    const cell = this.cell(field);
    const text = cellText(cell);
    if (text === '') {
      return undefined;
    }
    const numberCell = typeof cell === 'object' && 'number' in cell;
    const separator = numberCell ? '.' : this.settings.decimalSeparator;
    try {
      return parseAmount(text, currency, separator);
    } catch (error) {
      if (!(error instanceof AmountParseError)) {
        throw error;
      }
      return this.reject(
        field,
        `the amount ${error.message}; write it with at most the currency's decimals and "${separator}" as the decimal separator (set "decimalSeparator" in a mapping file if that is wrong)`,
      );
    }
  }

  /** Parses a plain date. Returns undefined when empty or invalid. */
  date(field: StandardField): PlainDate | undefined {
    const cell = this.cell(field);
    if (cell === undefined || cellText(cell) === '') {
      return undefined;
    }
    if (typeof cell === 'object') {
      return 'date' in cell
        ? cell.date
        : this.reject(field, 'is a number, not a date; format the cells as dates');
    }
    const format = this.settings.dateFormat;
    const parsed = parseDateText(cell, format);
    if ('date' in parsed) {
      return parsed.date;
    }

    return parsed.error === 'calendar'
      ? this.reject(
          field,
          `is not a real calendar date; correct the day or month (format ${format})`,
        )
      : this.reject(
          field,
          `is not a date in the format ${format}; write it as ${format}, or set "dateFormat" in a mapping file`,
        );
  }
}
