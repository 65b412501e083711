import type { ParsedStatementFile } from '../bank-statements/statement-model.ts';
import type { Executor } from '../db/database.ts';
import { AppError, messageText } from '../errors.ts';
import { normaliseIban } from '../payments/iban.ts';

/**
 * Rejects an interim report (camt.052, MT942): it lists the day's
 * transactions so far, and the final statement of the day (camt.053 or
 * MT940) lists them again and books them. The error reports what the file
 * contains, so the user sees that it was read, and `details` has the counts.
 */
export function rejectInterimReport(file: ParsedStatementFile): void {
  if (file.kind !== 'interim-report') {
    return;
  }
  const statements = file.statements.length;
  const transactions = file.statements.reduce(
    (sum, statement) => sum + statement.transactions.length,
    0,
  );
  const finalFormat = file.format === 'mt942' ? 'MT940' : 'camt.053';

  throw new AppError(
    'import_rejected',
    messageText(
      'statement_file_interim_report',
      { file: file.fileName, format: file.format, statements, transactions, finalFormat },
      `${file.fileName} is an interim report (${file.format}) with ${plural(statements, 'report')} and ${plural(transactions, 'transaction')}; nothing was booked, because the final statement of the day books these transactions. Import the ${finalFormat} statement instead.`,
    ),
    { fileName: file.fileName, format: file.format, kind: file.kind, statements, transactions },
  );
}

/**
 * Rejects a file with a statement of an account that is not one of the
 * entity's: neither `entities.iban` nor one of its `entity_bank_accounts`.
 * Accounts are compared in electronic IBAN form (upper case, no spaces); a
 * statement that names its account by another number (a BBAN) never
 * matches. `overrideHint` names how the caller books such a file anyway,
 * such as "--any-account".
 */
export async function rejectForeignAccounts(
  executor: Executor,
  params: {
    file: ParsedStatementFile;
    entity: { id: string; code: string; iban: string | null };
    overrideHint: string;
  },
): Promise<void> {
  const extra = await executor
    .selectFrom('entity_bank_accounts')
    .select('iban')
    .where('entity_id', '=', params.entity.id)
    .execute();
  const accounts = [params.entity.iban, ...extra.map((row) => row.iban)]
    .filter((iban): iban is string => iban !== null && iban !== '')
    .map(normaliseIban);

  params.file.statements.forEach((statement, index) => {
    const account = normaliseIban(statement.account.iban ?? statement.account.identification);
    if (accounts.includes(account)) {
      return;
    }
    const known =
      accounts.length === 0 ? 'it has no bank account' : `its accounts are ${accounts.join(', ')}`;
    throw new AppError(
      'import_rejected',
      messageText(
        'statement_file_foreign_account',
        {
          file: params.file.fileName,
          statementNumber: index + 1,
          statement: statement.identification,
          account: statement.account.identification,
          entity: params.entity.code,
          accounts: accounts.join(', '),
          overrideHint: params.overrideHint,
        },
        `${params.file.fileName}, statement ${index + 1} (${statement.identification}), account ${statement.account.identification} is not a bank account of entity ${params.entity.code} (${known}); check that you chose the right entity, add the account to the entity, or import with ${params.overrideHint}.`,
      ),
      {
        fileName: params.file.fileName,
        statement: statement.identification,
        field: 'account',
        account: statement.account.identification,
      },
    );
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
