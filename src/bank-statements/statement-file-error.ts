import { AppError } from '../errors.ts';

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
    super('import_rejected', formatMessage(fileName, problem), {
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

function formatMessage(fileName: string, problem: StatementFileProblem): string {
  const parts = [fileName];
  if (problem.line !== undefined) {
    parts.push(`line ${problem.line}`);
  }
  if (problem.elementPath !== undefined) {
    parts.push(problem.elementPath);
  }

  return `${parts.join(', ')}, ${problem.field} ${problem.problem}; ${problem.fix}.`;
}
