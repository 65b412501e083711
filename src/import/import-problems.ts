/**
 * One problem with an import file: the line (header = line 1), the file's
 * header name of the column, the value as written and what to change.
 */
export interface RejectedRow {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** A problem with the file as a whole: it cannot be imported, not even in part. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    /** Problems with a place in the file, such as a missing header, when there are any. */
    readonly problems: RejectedRow[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}
