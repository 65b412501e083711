import fs from 'node:fs/promises';
import path from 'node:path';
import { isPlainDate } from '../../dates/plain-date.ts';
import { refreshStatistics } from '../../db/refresh-statistics.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError, isAppError } from '../../errors.ts';
import { formatImportSummary, formatRejectedRows } from '../../import/format-import-summary.ts';
import type { RejectedRow } from '../../import/import-problems.ts';
import { importReceivables } from '../../import/import-receivables.ts';
import { emptySummary } from '../../import/import-summary.ts';
import { loadMapping } from '../../import/resolve-mapping.ts';
import {
  optionalOption,
  requireOption,
  type CommandDefinition,
  type CommandResult,
} from '../command.ts';

export const importCommand: CommandDefinition = {
  path: ['import'],
  summary: 'Import debtors, invoices and payments of an entity from a CSV or XLSX file',
  usage:
    'collecta import FILE --entity CODE [--mapping PRESET|mapping.json] [--full] [--skip-invalid] [--dry-run] [--date YYYY-MM-DD] [--json]',
  help: `FILE is a CSV file (delimiter , ; tab or |, UTF-8 or Windows-1252) or an XLSX workbook.
Importing the same file again changes nothing. docs/import.md describes the columns.

Options:
  --entity CODE     entity whose receivables the file lists
  --mapping NAME    preset "generic" (default: headers are field names) or "ar-history",
                    or the path of a JSON mapping file
  --full            the file is a full snapshot: close the entity's open invoices it does not list
  --skip-invalid    import the valid rows and report the invalid ones (default: reject the file)
  --dry-run         report what the import would change and write nothing
  --date DATE       import date, YYYY-MM-DD: date of payments derived from open amounts and
                    of closing by --full (default: today in the entity's time zone)

With --json the output is {"debtors":{"new","changed","unchanged"},"invoices":{"new","changed",
"unchanged","closed"},"payments":{"new"},"rejected":[{"row","column","value","reason"}]}.
When invalid rows reject the file (exit 2), the same shape has zero counts, the rejected rows
and an "error" object with code "import_rejected".`,
  options: {
    entity: { type: 'string' },
    mapping: { type: 'string' },
    full: { type: 'boolean' },
    'skip-invalid': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    date: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(context, values, positionals) {
    const filePath = positionals[0] ?? '';
    const entityCode = requireOption(values, 'entity');
    const importDate = optionalOption(values, 'date');
    if (importDate !== undefined && !isPlainDate(importDate)) {
      throw new AppError(
        'invalid_arguments',
        `--date "${importDate}" is not a date; write YYYY-MM-DD.`,
      );
    }
    const mapping = await loadMapping(optionalOption(values, 'mapping'));
    const content = await readImportFile(filePath);
    const fileName = path.basename(filePath);
    const dryRun = values['dry-run'] === true;

    const database = await context.database();
    const organisationId = await context.organisationId();
    try {
      const summary = await withOrganisation(database, organisationId, async (trx) => {
        const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
        return importReceivables(trx, {
          organisationId,
          entityId: entity.id,
          actor: context.actor,
          fileName,
          content,
          mapping,
          full: values.full === true,
          skipInvalid: values['skip-invalid'] === true,
          dryRun,
          importDate,
        });
      });
      if (!dryRun) {
        await refreshStatistics(database);
      }

      return {
        json: summary,
        text: formatImportSummary(summary, { fileName, entityCode, dryRun }),
      };
    } catch (error) {
      if (isAppError(error) && error.code === 'import_rejected') {
        return rejectedResult(error);
      }
      throw error;
    }
  },
};

async function readImportFile(filePath: string): Promise<Buffer> {
  try {
    return await fs.readFile(filePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('invalid_input', `Cannot read the import file ${filePath}: ${reason}.`);
  }
}

/**
 * Builds the output for a rejected file: the summary shape with zero counts
 * and the rejected rows, plus the error. A script thus finds the rejected
 * rows in the same place with or without --skip-invalid.
 */
function rejectedResult(error: AppError): CommandResult {
  const details = (error.details ?? {}) as { rejected?: RejectedRow[] };
  const rejected = details.rejected ?? [];

  return {
    json: {
      ...emptySummary(rejected),
      error: { code: error.code, message: error.message, details: { rejected } },
    },
    text: [error.message, ...formatRejectedRows(rejected), ''].join('\n'),
    exitCode: 2,
  };
}
