import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';
import { assignInvoiceReferences } from '../payments/assign-invoice-references.ts';
import { assignDebtorSegments } from '../segments/assign-debtor-segments.ts';
import { bindColumns } from './bind-columns.ts';
import { bookImportPayments } from './book-import-payments.ts';
import { closeMissingInvoices } from './close-missing-invoices.ts';
import type { ImportMapping } from './import-mapping.ts';
import { ImportFileError } from './import-problems.ts';
import type { ImportSummary } from './import-summary.ts';
import { parseImportRows, type ParsedImport } from './parse-import-rows.ts';
import { readTable } from './read-table.ts';
import { rejectTakenReferences } from './reject-taken-references.ts';
import { upsertDebtors } from './upsert-debtors.ts';
import { upsertInvoices } from './upsert-invoices.ts';

export interface ImportReceivablesParams {
  organisationId: string;
  entityId: string;
  /** User id or "cli:<os user>" of the person importing, for the audit log. */
  actor: string;
  fileName: string;
  /** The file's bytes: CSV in any supported encoding, or XLSX. */
  content: Buffer;
  mapping: ImportMapping;
  /** Snapshot: close the entity's open invoices that the file does not list. */
  full?: boolean;
  /** Import the valid rows and report the others, instead of rejecting the file. */
  skipInvalid?: boolean;
  /** Compute the summary and write nothing. */
  dryRun?: boolean;
  /** Date of payments derived from open amounts and of snapshot closing; default today in the entity's time zone. */
  importDate?: PlainDate;
  /** Receives how many debtors the import moved to another segment. */
  onSegmentsAssigned?: (result: { changed: number }) => void;
}

/**
 * Imports an entity's receivables (debtors, invoices, credit notes and the
 * payments the file reports) in the caller's transaction, with batched
 * statements, and then assigns the entity's debtors to their segments as
 * of the import date. Importing the same file again changes nothing.
 *
 * Throws AppError "import_rejected" when the file cannot be read or its
 * header does not fit the mapping. Unless `skipInvalid` is set, it also
 * throws it when any row is invalid. `details.rejected` then lists the
 * problems, and nothing is written. Throws "not_found" for an unknown entity.
 */
export async function importReceivables(
  trx: Executor,
  params: ImportReceivablesParams,
): Promise<ImportSummary> {
  const entity = await trx
    .selectFrom('entities')
    .select(['id', 'code', 'currency', 'time_zone'])
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }
  const importDate = params.importDate ?? dateInTimeZone(new Date(), entity.time_zone);

  const parsed = await parseFile(params, { defaultCurrency: entity.currency, importDate });
  await rejectTakenReferences(trx, params, parsed);
  if (parsed.rejected.length > 0 && !params.skipInvalid) {
    const rows = new Set(parsed.rejected.map((problem) => problem.row)).size;
    throw new AppError(
      'import_rejected',
      `${rows} row(s) of ${params.fileName} are invalid, so nothing was imported. Correct them, or import only the valid rows (option --skip-invalid, or skipInvalid in the API).`,
      { rejected: parsed.rejected },
    );
  }

  // Imports of one entity run one after the other, so two files that add the
  // same debtor or invoice cannot collide on the unique numbers.
  const lockKey = `collecta.import:${params.entityId}`;
  await sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
  if (!params.dryRun) {
    return writeImport(trx, params, parsed, importDate);
  }
  await sql`savepoint import_dry_run`.execute(trx);
  try {
    return await writeImport(trx, params, parsed, importDate);
  } finally {
    await sql`rollback to savepoint import_dry_run`.execute(trx);
  }
}

async function parseFile(
  params: ImportReceivablesParams,
  context: { defaultCurrency: string; importDate: PlainDate },
): Promise<ParsedImport> {
  try {
    const table = await readTable(params.content, params.fileName, params.mapping);
    const binding = bindColumns(table.headers, params.mapping);
    return parseImportRows(table, binding, { ...context, mapping: params.mapping });
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new AppError('import_rejected', `${params.fileName}: ${error.message}`, {
        rejected: error.problems,
      });
    }
    throw error;
  }
}

async function writeImport(
  trx: Executor,
  params: ImportReceivablesParams,
  parsed: ParsedImport,
  importDate: PlainDate,
): Promise<ImportSummary> {
  const segment = await trx
    .selectFrom('segments')
    .select('id')
    .where('is_default', '=', true)
    .executeTakeFirst();
  const debtors = await upsertDebtors(trx, {
    ...params,
    defaultSegmentId: segment?.id ?? null,
    debtors: parsed.debtors,
  });
  const invoices = await upsertInvoices(trx, {
    ...params,
    invoices: parsed.invoices,
    debtorIdByNumber: debtors.idByNumber,
  });
  // The one place where invoices without a payment reference get one: those of this file
  // and any older invoice of the entity, in the entity's reference scheme.
  await assignInvoiceReferences(trx, { entityId: params.entityId });
  const payments = await bookImportPayments(trx, {
    ...params,
    importDate,
    invoices: invoices.upserted,
  });
  const closed = params.full
    ? await closeMissingInvoices(trx, {
        organisationId: params.organisationId,
        actor: params.actor,
        entityId: params.entityId,
        closedOn: importDate,
        keepNumbers: new Set([
          ...parsed.invoices.map((invoice) => invoice.number),
          ...parsed.rejectedInvoiceNumbers,
        ]),
      })
    : 0;
  const segments = await assignDebtorSegments(trx, {
    organisationId: params.organisationId,
    entityId: params.entityId,
    asOf: importDate,
    source: 'import',
    actor: params.actor,
  });
  params.onSegmentsAssigned?.(segments);

  const summary: ImportSummary = {
    debtors: debtors.counts,
    invoices: { ...invoices.counts, closed },
    payments: { new: payments },
    rejected: parsed.rejected,
  };
  await recordImport(trx, params, summary);

  return summary;
}

async function recordImport(
  trx: Executor,
  params: ImportReceivablesParams,
  summary: ImportSummary,
): Promise<void> {
  const sha256 = createHash('sha256').update(params.content).digest('hex');
  const row = await trx
    .insertInto('imports')
    .values({
      organisation_id: params.organisationId,
      entity_id: params.entityId,
      file_name: params.fileName,
      sha256,
      mapping: JSON.stringify(params.mapping),
      is_full: params.full ?? false,
      summary: JSON.stringify(summary),
      created_by: params.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { rejected, ...counts } = summary;
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'import.completed',
    subjectType: 'import',
    subjectId: row.id,
    entityId: params.entityId,
    after: {
      fileName: params.fileName,
      sha256,
      full: params.full ?? false,
      ...counts,
      rejectedRows: rejected.length,
    },
  });
}
