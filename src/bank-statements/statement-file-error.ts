import { AppError, messageText, type MessageKey, type MessageParams } from '../errors.ts';

/** Location of a problem: a line (MT940, or malformed XML), an element path (camt), or both. */
export interface StatementFileLocation {
  line?: number;
  elementPath?: string;
}

export interface StatementFileProblem extends StatementFileLocation {
  /** The field as it appears in the file, such as ":61: value date" or "Amt". */
  field: string;
  /** Description of the problem with the value, such as "160230 is not a date (30 February)". */
  problem: string;
  /** Next step for the credit manager, such as "ask the bank for a corrected export". */
  fix: string;
  /**
   * The catalogue key of a problem with the file as a whole, with its own
   * parameters; other problems get statement_file_problem, whose text
   * repeats `field`, `problem` and `fix`.
   */
  key?: MessageKey;
  params?: MessageParams;
}

export const ASK_FOR_CORRECTED_EXPORT = 'ask the bank for a corrected export';

/**
 * A statement file that cannot be imported. The message names the file, the
 * line or element path, the field and the fix, in words for a credit
 * manager: "ing.940, line 12, :61: value date 160230 is not a date
 * (30 February); ask the bank for a corrected export."
 */
export class StatementFileError extends AppError {
  readonly fileName: string;
  readonly line?: number;
  readonly elementPath?: string;
  readonly field: string;
  readonly fix: string;

  constructor(fileName: string, problem: StatementFileProblem) {
    // NOTE: statement_file_problem passes `problem` and `fix` in English, so a Dutch
    // user reads those parts of a problem with one value (a date, an amount) in English.
    const place = formatPlace(fileName, problem);
    const notice = messageText(
      problem.key ?? 'statement_file_problem',
      {
        place,
        file: fileName,
        ...(problem.line === undefined ? {} : { line: problem.line }),
        ...(problem.elementPath === undefined ? {} : { elementPath: problem.elementPath }),
        field: problem.field,
        problem: problem.problem,
        fix: problem.fix,
        ...problem.params,
      },
      `${place}, ${problem.field} ${problem.problem}; ${problem.fix}.`,
    );
    super('import_rejected', notice, {
      fileName,
      line: problem.line,
      elementPath: problem.elementPath,
      field: problem.field,
      fix: problem.fix,
    });
    this.name = 'StatementFileError';
    this.fileName = fileName;
    this.line = problem.line;
    this.elementPath = problem.elementPath;
    this.field = problem.field;
    this.fix = problem.fix;
  }
}

/** Names the file, then the line and the element path where known: "ing.940, line 12". */
function formatPlace(fileName: string, location: StatementFileLocation): string {
  const parts = [fileName];
  if (location.line !== undefined) {
    parts.push(`line ${location.line}`);
  }
  if (location.elementPath !== undefined) {
    parts.push(location.elementPath);
  }

  return parts.join(', ');
}
