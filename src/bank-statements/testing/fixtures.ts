import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStatementFile } from '../parse-statement-file.ts';
import type { BankTransaction, ParsedStatementFile } from '../statement-model.ts';
import { StatementFileError } from '../statement-file-error.ts';

const fixtureDirectory = path.dirname(fileURLToPath(import.meta.url));

/** Reads one of the fixture files made for these tests, next to this module. */
export function readFixture(name: string): Buffer {
  return fs.readFileSync(path.join(fixtureDirectory, name));
}

export function parseText(text: string, fileName = 'test.sta'): ParsedStatementFile {
  return parseStatementFile(Buffer.from(text, 'utf8'), fileName);
}

export function allTransactions(file: ParsedStatementFile): BankTransaction[] {
  return file.statements.flatMap((statement) => statement.transactions);
}

/** Returns the StatementFileError that `parse` throws; fails when it throws nothing or something else. */
export function expectStatementFileError(parse: () => unknown): StatementFileError {
  try {
    parse();
  } catch (error) {
    if (error instanceof StatementFileError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a StatementFileError, but the file was accepted');
}
