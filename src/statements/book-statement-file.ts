import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { parseStatementFile } from '../bank-statements/parse-statement-file.ts';
import type {
  BankStatement,
  BankTransaction,
  ParsedStatementFile,
} from '../bank-statements/statement-model.ts';
import { dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';
import type { Executor } from '../db/database.ts';
import type { BankStatementTable } from '../db/schema.ts';
import { AppError, notice } from '../errors.ts';
import { bookTransaction } from './book-transaction.ts';
import { rejectForeignAccounts, rejectInterimReport } from './check-statement-file.ts';

/**
 * Counts of one import. `transactions` counts every booked transaction of
 * the file (each transaction of a batch booking, each MT940 statement line)
 * and equals matched + unmatched + duplicates. Pending entries and entries
 * of zero are not booked and not counted.
 */
export interface StatementImportCounts {
  statements: number;
  transactions: number;
  matched: number;
  unmatched: number;
  duplicates: number;
}

/** A warning of a statement, or of one of its entries, that was booked with the file. */
export interface StatementImportWarning {
  /** Position of the statement in the file, from 1. */
  statementNumber: number;
  /** The statement's identification, such as MT940 `:20:` or camt `Stmt/Id`. */
  statement: string;
  /** Position of the entry in the statement, from 1; undefined for a warning about the whole statement. */
  entryNumber?: number;
  /** Position of the transaction in a batch entry, from 1; undefined outside a batch. */
  transactionNumber?: number;
  message: string;
}

export interface StatementImportResult extends StatementImportCounts {
  /** The bank_statements rows of the file's statements, in file order. */
  statementIds: string[];
  /**
   * Warnings stored with the statements and payments, in file order. They
   * are listed for transactions that count as duplicates too, because they
   * describe the file.
   */
  warnings: StatementImportWarning[];
}

export interface StatementFileToBook {
  organisationId: string;
  entityId: string;
  fileName: string;
  content: Uint8Array;
  /** Books statements of accounts that are not the entity's. */
  anyAccount: boolean;
  /** The option that sets `anyAccount` in the caller's interface, such as "--any-account", named in the error. */
  anyAccountHint: string;
}

/**
 * Books a bank statement file (camt.053, camt.054 or MT940) for an entity
 * in the caller's transaction, so the file is booked whole or not at all.
 * Each statement gets a bank_statements row, each booked transaction a
 * payment that is then matched (see `bookTransaction`). A statement or
 * transaction that an earlier import booked is found by its key and booked
 * again never: its transactions count as duplicates.
 *
 * Throws `import_rejected` for a file that cannot be read, an interim
 * report, or a statement of another account unless `anyAccount` is set.
 */
export async function bookStatementFile(
  executor: Executor,
  file: StatementFileToBook,
  actor: string,
): Promise<StatementImportResult> {
  const parsed = parseStatementFile(file.content, file.fileName);
  rejectInterimReport(parsed);
  const entity = await executor
    .selectFrom('entities')
    .select(['id', 'code', 'iban', 'time_zone'])
    .where('organisation_id', '=', file.organisationId)
    .where('id', '=', file.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${file.entityId} does not exist.`);
  }
  if (!file.anyAccount) {
    await rejectForeignAccounts(executor, {
      file: parsed,
      entity,
      overrideHint: file.anyAccountHint,
    });
  }
  // Imports of one entity run one after the other, so two imports of the
  // same statement at once cannot both insert its bank_statements row.
  await sql`select pg_advisory_xact_lock(hashtext(${`bank-statements:${entity.id}`}))`.execute(
    executor,
  );

  const importDate = dateInTimeZone(new Date(), entity.time_zone);
  const sha256 = createHash('sha256').update(file.content).digest('hex');
  const result: StatementImportResult = {
    statements: parsed.statements.length,
    transactions: 0,
    matched: 0,
    unmatched: 0,
    duplicates: 0,
    statementIds: [],
    warnings: [],
  };
  for (const [statementIndex, statement] of parsed.statements.entries()) {
    const statementId = await findOrInsertStatement(
      executor,
      { file, parsed, sha256, statement },
      actor,
    );
    result.statementIds.push(statementId);
    const place = { statementNumber: statementIndex + 1, statement: statement.identification };
    result.warnings.push(...statement.warnings.map((message) => ({ ...place, message })));
    const entryNumbers = numberEntries(statement);
    for (const transaction of bookableTransactions(statement)) {
      addImplausibleDateWarnings(transaction, statement.creationDate, importDate);
      const outcome = await bookTransaction(
        executor,
        {
          organisationId: file.organisationId,
          entityId: entity.id,
          statementId,
          paymentDate: paymentDateOf(statement, transaction, importDate),
          transaction,
        },
        actor,
      );
      result.transactions += 1;
      result[outcome === 'duplicate' ? 'duplicates' : outcome] += 1;
      const entry = entryNumbers.get(transaction);
      result.warnings.push(
        ...transaction.warnings.map((message) => ({ ...place, ...entry, message })),
      );
    }
  }

  await recordAudit(executor, {
    organisationId: file.organisationId,
    actor,
    action: 'bank_statement.imported',
    subjectType: 'bank_statement',
    subjectId: result.statementIds[0] ?? null,
    entityId: entity.id,
    after: { fileName: file.fileName, format: parsed.format, sha256, ...countsOf(result) },
  });

  return result;
}

export function countsOf(result: StatementImportCounts): StatementImportCounts {
  const { statements, transactions, matched, unmatched, duplicates } = result;

  return { statements, transactions, matched, unmatched, duplicates };
}

/** Booked entries with an amount; pending entries are booked by a later statement. */
function bookableTransactions(statement: BankStatement): BankTransaction[] {
  return statement.transactions.filter(
    (transaction) => transaction.status === 'booked' && transaction.amount.minor !== 0,
  );
}

/**
 * Numbers the entries of a statement from 1 as the file lists them, and the
 * transactions of a batch entry from 1 within their entry.
 */
function numberEntries(
  statement: BankStatement,
): Map<BankTransaction, Pick<StatementImportWarning, 'entryNumber' | 'transactionNumber'>> {
  const numbers = new Map<
    BankTransaction,
    Pick<StatementImportWarning, 'entryNumber' | 'transactionNumber'>
  >();
  let entryNumber = 0;
  for (const transaction of statement.transactions) {
    const position = transaction.batch?.position ?? 0;
    if (position === 0) {
      entryNumber += 1;
    }
    numbers.set(
      transaction,
      transaction.batch === undefined
        ? { entryNumber }
        : { entryNumber, transactionNumber: position + 1 },
    );
  }

  return numbers;
}

/**
 * Warns when the booking or value date lies more than one year before the
 * statement's creation date, or more than one year after it (after the
 * import date when the file gives no creation date, as MT940 never does).
 * Such a date is booked as the bank wrote it, but is most likely a mistake
 * in the file, such as 1900-01-01 or 2999-12-31. Without a creation date an
 * old date is no warning, because an old statement may be imported late.
 */
function addImplausibleDateWarnings(
  transaction: BankTransaction,
  creationDate: PlainDate | undefined,
  importDate: PlainDate,
): void {
  const referenceDate = creationDate ?? importDate;
  const earliest = creationDate === undefined ? undefined : shiftYear(creationDate, -1);
  const latest = shiftYear(referenceDate, 1);
  const dates = [
    ['booking_date_implausible', transaction.bookingDate],
    [
      'value_date_implausible',
      transaction.valueDate === transaction.bookingDate ? undefined : transaction.valueDate,
    ],
  ] as const;
  for (const [key, date] of dates) {
    const early = date !== undefined && earliest !== undefined && date < earliest;
    const late = date !== undefined && date > latest;
    if (early || late) {
      transaction.warnings.push(notice(key, { date, referenceDate }).message);
    }
  }
}

/**
 * Returns the same month and day `years` later. YYYY-MM-DD texts compare as
 * the dates do, so a shifted 29 February needs no real date to serve as a bound.
 */
function shiftYear(date: PlainDate, years: number): string {
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

/**
 * The booking date, else the value date, else the date of the statement's
 * balances, else the import date. Some camt.054 notifications give no date
 * at all. Banks send them on the day of the booking, so the import date is
 * an estimate, and the payment keeps a warning about it.
 */
function paymentDateOf(
  statement: BankStatement,
  transaction: BankTransaction,
  importDate: PlainDate,
): PlainDate {
  const date =
    transaction.bookingDate ??
    transaction.valueDate ??
    statement.closingBalance?.date ??
    statement.openingBalance?.date;
  if (date === undefined) {
    transaction.warnings.push(notice('booked_on_import_date', { importDate }).message);
    return importDate;
  }

  return date;
}

/**
 * Returns the id of the statement's bank_statements row, inserting it when
 * the entity has none with the same format, account, identification and
 * sequence number. A missing sequence number counts as equal to a missing one.
 */
async function findOrInsertStatement(
  executor: Executor,
  params: {
    file: StatementFileToBook;
    parsed: ParsedStatementFile;
    sha256: string;
    statement: BankStatement;
  },
  actor: string,
): Promise<string> {
  const { file, parsed, statement } = params;
  const format = storedFormat(parsed.format);
  const sequenceNumber = statement.sequenceNumber ?? null;
  const existing = await executor
    .selectFrom('bank_statements')
    .select('id')
    .where('entity_id', '=', file.entityId)
    .where('format', '=', format)
    .where('account_identification', '=', statement.account.identification)
    .where('identification', '=', statement.identification)
    .where(sql<boolean>`sequence_number is not distinct from ${sequenceNumber}`)
    .executeTakeFirst();
  if (existing) {
    return existing.id;
  }

  const row = await executor
    .insertInto('bank_statements')
    .values({
      organisation_id: file.organisationId,
      entity_id: file.entityId,
      file_name: file.fileName.slice(0, 255),
      sha256: params.sha256,
      format,
      format_version: parsed.formatVersion ?? null,
      identification: statement.identification,
      sequence_number: sequenceNumber,
      account_identification: statement.account.identification,
      account_iban: statement.account.iban ?? null,
      currency:
        statement.account.currency ??
        statement.closingBalance?.currency ??
        statement.openingBalance?.currency ??
        null,
      opening_balance_minor: statement.openingBalance?.minor ?? null,
      opening_balance_date: statement.openingBalance?.date ?? null,
      closing_balance_minor: statement.closingBalance?.minor ?? null,
      closing_balance_date: statement.closingBalance?.date ?? null,
      transaction_count: bookableTransactions(statement).length,
      warnings: JSON.stringify(statement.warnings),
      imported_by: actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

/** Returns the value of the format column. Interim formats are rejected before this. */
function storedFormat(format: ParsedStatementFile['format']): BankStatementTable['format'] {
  if (format === 'mt940' || format === 'camt.054') {
    return format;
  }

  return 'camt.053';
}
