import type { Executor } from '../db/database.ts';
import { AppError, isAppError, recognizeMessage, type MessageParams } from '../errors.ts';
import { describeTarget } from '../import/import-fields.ts';
import type { ImportMapping } from '../import/import-mapping.ts';
import { ImportFileError, type RejectedRow } from '../import/import-problems.ts';
import { importReceivables } from '../import/import-receivables.ts';
import type { ImportSummary } from '../import/import-summary.ts';
import { readTable } from '../import/read-table.ts';
import { resolveMapping } from '../import/resolve-mapping.ts';
import { detectDateFormat } from './import-preview.ts';
import { saveMapping } from './provisioning-state.ts';

export interface WizardImportResult extends ImportSummary {
  /** The date format the import read the dates with. */
  dateFormat: string;
  /** Debtors of the entity that moved to another segment by the segment rules. */
  segments: { changed: number };
}

/** A rejected row as the wizard shows it: the file, the row, the column and its field, and the fix. */
export interface WizardRejectedRow extends RejectedRow {
  file: string;
  /** The field the column fills, or null when the column fills none. */
  field: string | null;
  /** The catalogue key and parameters of `reason`, when it has them. */
  reasonKey?: string;
  reasonParams?: MessageParams;
}

/**
 * Runs an import from the wizard in the caller's transaction, all or
 * nothing: `mappingJson` is a mapping in the layout of a mapping file
 * ({"columns": {"Factuurnummer": "invoice_number", ...}}). Without a
 * "dateFormat", the format is detected from the file's dates as the preview
 * does. After the import the mapping is saved for the entity, and every
 * debtor of the entity is assigned to its segment by the segment rules.
 *
 * Throws "invalid_input" for an invalid mapping, and "import_rejected" when
 * the file or any row is invalid, with details.rejected listing each
 * problem as a WizardRejectedRow.
 */
export async function runWizardImport(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    actor: string;
    fileName: string;
    content: Buffer;
    mappingJson: unknown;
    full: boolean;
    /** Import the valid rows and report the invalid ones, instead of rejecting the file. */
    skipInvalid?: boolean;
  },
): Promise<WizardImportResult> {
  const mapping = resolveMapping({
    name: `wizard mapping of ${params.fileName}`,
    json: params.mappingJson,
  });
  const hasDateFormat =
    typeof params.mappingJson === 'object' &&
    params.mappingJson !== null &&
    'dateFormat' in params.mappingJson;
  const dateFormat = hasDateFormat
    ? mapping.dateFormat
    : ((await detectFileDateFormat(params, mapping)) ?? mapping.dateFormat);

  let summary: ImportSummary;
  let segments = { changed: 0 };
  try {
    summary = await importReceivables(executor, {
      organisationId: params.organisationId,
      entityId: params.entityId,
      actor: params.actor,
      fileName: params.fileName,
      content: params.content,
      mapping: { ...mapping, dateFormat },
      full: params.full,
      skipInvalid: params.skipInvalid ?? false,
      onSegmentsAssigned: (result) => {
        segments = result;
      },
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'import_rejected') {
      throw withWizardRows(error, params.fileName, mapping);
    }
    throw error;
  }

  await saveMapping(executor, {
    organisationId: params.organisationId,
    entityId: params.entityId,
    mapping: { ...(params.mappingJson as object), dateFormat },
    fileName: params.fileName,
  });

  return { ...summary, dateFormat, segments };
}

/** Detects the date format that most dates of the file's mapped date columns fit; undefined when none does. */
async function detectFileDateFormat(
  params: { fileName: string; content: Buffer },
  mapping: ImportMapping,
): Promise<string | undefined> {
  try {
    const table = await readTable(params.content, params.fileName, mapping);
    const fieldToHeader: Record<string, string> = {};
    for (const [header, target] of Object.entries(mapping.columns ?? {})) {
      if (target) {
        fieldToHeader[describeTarget(target)] = header;
      }
    }
    return detectDateFormat(table, fieldToHeader).format;
  } catch (error) {
    // The import itself reports an unreadable file, with its reason.
    if (error instanceof ImportFileError) {
      return undefined;
    }
    throw error;
  }
}

function withWizardRows(error: AppError, fileName: string, mapping: ImportMapping): AppError {
  const details = (error.details ?? {}) as { rejected?: RejectedRow[] };
  const rejected: WizardRejectedRow[] = (details.rejected ?? []).map((problem) => ({
    file: fileName,
    row: problem.row,
    column: problem.column,
    field: fieldOfColumn(mapping, problem.column),
    value: problem.value,
    reason: problem.reason,
    ...reasonKeyOf(problem.reason),
  }));

  return new AppError(error.code, error.message, { rejected });
}

function reasonKeyOf(reason: string): Pick<WizardRejectedRow, 'reasonKey' | 'reasonParams'> {
  const { key, params } = recognizeMessage(reason);

  return key === undefined ? {} : { reasonKey: key, reasonParams: params };
}

function fieldOfColumn(mapping: ImportMapping, column: string): string | null {
  const wanted = column.trim().toLowerCase();
  const entry = Object.entries(mapping.columns ?? {}).find(
    ([header]) => header.trim().toLowerCase() === wanted,
  );
  if (entry) {
    return entry[1] ? describeTarget(entry[1]) : null;
  }

  // Problems with the header line name the missing field itself as the column.
  return /^[a-z_]+$/.test(column) ? column : null;
}
