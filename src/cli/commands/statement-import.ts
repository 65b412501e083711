import fs from 'node:fs/promises';
import path from 'node:path';
import { withOrganisation } from '../../db/tenant.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import {
  bookStatementFile,
  countsOf,
  type StatementImportCounts,
  type StatementImportWarning,
} from '../../statements/book-statement-file.ts';
import { requireOption, type CommandDefinition } from '../command.ts';

export const statementImportCommand: CommandDefinition = {
  path: ['statement', 'import'],
  summary: 'Book a bank statement file of an entity and match its payments to invoices',
  usage: 'collecta statement import FILE --entity CODE [--any-account] [--json]',
  help: `FILE is a camt.053 statement, a camt.054 notification or an MT940 statement; the
format follows from the content. The whole file is booked in one transaction or not at all,
and importing a statement again books nothing twice.

Options:
  --entity CODE     entity whose bank account the statements are of
  --any-account     also book statements of accounts that are not the entity's IBAN or
                    one of its further bank accounts (default: reject the file)

Receipts are matched to open invoices of the entity by payment reference, then by invoice
number in the remittance text, then by amount and a counterparty IBAN that paid the debtor
before. Reversals and returns undo the allocations of the receipt they take back. Money out
that is no reversal or return is booked as other_debit and dismissed at once.

With --json the output is {"statements","transactions","matched","unmatched","duplicates"}.
transactions counts every booked transaction (each of a batch booking, each MT940 line) and
is matched + unmatched + duplicates:
  matched     new bookings that need no work: receipts allocated in full, reversals and
              returns that undid their receipt, and other money out
  unmatched   new bookings that wait in the queue of unmatched payments: receipts with an
              unallocated remainder (over-payments too) and reversals whose receipt is unknown
  duplicates  transactions that an earlier import booked already
Pending entries and entries of zero are not booked and not counted.

Warnings are printed on stderr, one line each, in both modes: a counterparty IBAN or
payment reference that fails its check, balances that do not add up, and a booking or
value date more than one year from the statement's creation date (else the import date).
The file is booked all the same; the warnings are kept with the statement or payment.

Amounts above 999,999,999,999.99 (99,999,999,999,999 minor units) are rejected.

Exit codes: 0 booked; 2 and nothing booked for a file that is no valid statement, an interim
report (camt.052, MT942: the day's final statement books its transactions), or a statement
of another account without --any-account.`,
  options: {
    entity: { type: 'string' },
    'any-account': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(context, values, positionals) {
    const filePath = positionals[0] ?? '';
    const entityCode = requireOption(values, 'entity');
    const content = await readStatementFile(filePath);
    const fileName = path.basename(filePath);

    const database = await context.database();
    const organisationId = await context.organisationId();
    const result = await withOrganisation(database, organisationId, async (trx) => {
      const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
      return bookStatementFile(
        trx,
        {
          organisationId,
          entityId: entity.id,
          fileName,
          content,
          anyAccount: values['any-account'] === true,
          anyAccountHint: '--any-account',
        },
        context.actor,
      );
    });
    const counts = countsOf(result);
    context.logger.info({ organisationId, entityCode, fileName, ...counts }, 'statement imported');

    return {
      json: counts,
      text: formatCounts(fileName, entityCode, counts),
      warnings: result.warnings.map((warning) => formatWarning(fileName, warning)),
    };
  },
};

async function readStatementFile(filePath: string): Promise<Buffer> {
  try {
    return await fs.readFile(filePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid_input',
      `Cannot read the statement file ${filePath}: ${reason}; check the path.`,
    );
  }
}

function formatCounts(fileName: string, entityCode: string, counts: StatementImportCounts): string {
  return [
    `${fileName} booked for entity ${entityCode}: ${counts.statements} statement(s), ${counts.transactions} transaction(s).`,
    `  matched     ${counts.matched}`,
    `  unmatched   ${counts.unmatched} (waiting in the queue of unmatched payments)`,
    `  duplicates  ${counts.duplicates} (booked by an earlier import)`,
    '',
  ].join('\n');
}

/** "ing.940, statement 1 (M05), entry 2: <warning>", with "transaction 3" inside a batch entry. */
function formatWarning(fileName: string, warning: StatementImportWarning): string {
  const parts = [fileName, `statement ${warning.statementNumber} (${warning.statement})`];
  if (warning.entryNumber !== undefined) {
    parts.push(`entry ${warning.entryNumber}`);
  }
  if (warning.transactionNumber !== undefined) {
    parts.push(`transaction ${warning.transactionNumber}`);
  }

  return `${parts.join(', ')}: ${warning.message}`;
}
