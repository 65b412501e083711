import { recordAudit } from '../../audit/record-audit.ts';
import type { Executor } from '../../db/database.ts';
import type { DebtorBankAccountSource } from '../../db/schema.ts';
import { requireUuid } from '../../dunning/require-uuid.ts';
import { AppError } from '../../errors.ts';
import { isValidIban, normaliseIban } from '../../payments/iban.ts';

/** The maximum length of an account holder name, as the table checks it. */
export const MAX_ACCOUNT_HOLDER_NAME_LENGTH = 140;

/** A BIC (ISO 9362): 8 or 11 characters, upper case. */
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** A debtor bank account as the customer card shows it. */
export interface DebtorBankAccount {
  id: string;
  /** Electronic form: upper case, no spaces. */
  iban: string;
  bic: string | null;
  accountHolderName: string | null;
  source: DebtorBankAccountSource;
  createdBy: string;
  createdAt: string;
  /** Other debtors of the entity with the same IBAN; while there are any, the IBAN matches no payment by amount. */
  sharedWith: Array<{ id: string; number: string; name: string }>;
}

export interface NewDebtorBankAccount {
  iban: string;
  bic?: string | undefined;
  accountHolderName?: string | undefined;
}

interface AuditContext {
  organisationId: string;
  actor: string;
}

/** Lists a debtor's bank accounts, oldest first. Throws not_found when the debtor is not visible. */
export async function listDebtorBankAccounts(
  executor: Executor,
  params: { debtorId: string },
): Promise<DebtorBankAccount[]> {
  const debtor = await findDebtor(executor, params.debtorId);
  const rows = await executor
    .selectFrom('debtor_bank_accounts')
    .select(['id', 'iban', 'bic', 'account_holder_name', 'source', 'created_by', 'created_at'])
    .where('debtor_id', '=', debtor.id)
    .orderBy('created_at')
    .orderBy('iban')
    .execute();
  if (rows.length === 0) {
    return [];
  }
  const shared = await executor
    .selectFrom('debtor_bank_accounts as a')
    .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
    .select(['a.iban', 'd.id', 'd.number', 'd.name'])
    .where('a.entity_id', '=', debtor.entity_id)
    .where('a.debtor_id', '<>', debtor.id)
    .where(
      'a.iban',
      'in',
      rows.map((row) => row.iban),
    )
    .orderBy('d.number')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    iban: row.iban,
    bic: row.bic,
    accountHolderName: row.account_holder_name,
    source: row.source,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    sharedWith: shared
      .filter((other) => other.iban === row.iban)
      .map((other) => ({ id: other.id, number: other.number, name: other.name })),
  }));
}

/**
 * Adds a bank account to a debtor by hand (source "user") and records a
 * debtor.bank_account_added audit event. Throws invalid_input for an IBAN
 * that fails its check or a malformed BIC, and already_exists when the
 * debtor has the IBAN already.
 */
export async function addDebtorBankAccount(
  executor: Executor,
  context: AuditContext,
  params: { debtorId: string; input: NewDebtorBankAccount },
): Promise<DebtorBankAccount> {
  const debtor = await findDebtor(executor, params.debtorId, { forUpdate: true });
  const values = checkNewAccount(params.input);
  const inserted = await executor
    .insertInto('debtor_bank_accounts')
    .values({
      organisation_id: context.organisationId,
      entity_id: debtor.entity_id,
      debtor_id: debtor.id,
      iban: values.iban,
      bic: values.bic,
      account_holder_name: values.accountHolderName,
      source: 'user',
      created_by: context.actor,
    })
    .onConflict((conflict) => conflict.columns(['debtor_id', 'iban']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    throw new AppError(
      'already_exists',
      `Debtor ${debtor.number} already has bank account ${values.iban}.`,
    );
  }
  await recordAudit(executor, {
    organisationId: context.organisationId,
    actor: context.actor,
    action: 'debtor.bank_account_added',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    after: {
      iban: values.iban,
      bic: values.bic,
      accountHolderName: values.accountHolderName,
      source: 'user',
    },
  });
  const accounts = await listDebtorBankAccounts(executor, { debtorId: debtor.id });
  const account = accounts.find((candidate) => candidate.id === inserted.id);
  if (!account) {
    throw new Error(`Bank account ${inserted.id} vanished while it was stored.`);
  }

  return account;
}

/**
 * Removes a bank account from a debtor, whatever its source, and records a
 * debtor.bank_account_removed audit event. A learned IBAN comes back when a
 * later payment from it is matched by payment reference or invoice number.
 */
export async function removeDebtorBankAccount(
  executor: Executor,
  context: AuditContext,
  params: { debtorId: string; accountId: string },
): Promise<void> {
  const debtor = await findDebtor(executor, params.debtorId, { forUpdate: true });
  const accountId = requireUuid(params.accountId, 'Bank account');
  const removed = await executor
    .deleteFrom('debtor_bank_accounts')
    .where('id', '=', accountId)
    .where('debtor_id', '=', debtor.id)
    .returning(['iban', 'bic', 'account_holder_name', 'source', 'created_by'])
    .executeTakeFirst();
  if (!removed) {
    throw new AppError(
      'not_found',
      `Bank account ${accountId} does not exist for debtor ${debtor.number}.`,
    );
  }
  await recordAudit(executor, {
    organisationId: context.organisationId,
    actor: context.actor,
    action: 'debtor.bank_account_removed',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    before: {
      iban: removed.iban,
      bic: removed.bic,
      accountHolderName: removed.account_holder_name,
      source: removed.source,
      createdBy: removed.created_by,
    },
  });
}

/** Returns whether the text is a BIC (ISO 9362) in upper case without spaces. */
export function isBic(value: string): boolean {
  return BIC.test(value);
}

/** Returns the IBAN in electronic form when it passes the ISO 13616 check, else undefined. */
export function checkedIban(value: string): string | undefined {
  const iban = normaliseIban(value);

  return isValidIban(iban) ? iban : undefined;
}

function checkNewAccount(input: NewDebtorBankAccount) {
  const iban = checkedIban(input.iban);
  if (iban === undefined) {
    throw invalidField(
      'body.iban',
      `${input.iban} is not a valid IBAN: its country, length or check digits are wrong; copy it again from the debtor's letter or statement`,
    );
  }
  const bic = input.bic === undefined ? '' : input.bic.replace(/\s/g, '').toUpperCase();
  if (bic !== '' && !BIC.test(bic)) {
    throw invalidField(
      'body.bic',
      `${input.bic} is not a BIC: write 8 or 11 letters and digits, such as INGBNL2A, or leave it empty`,
    );
  }
  const name = input.accountHolderName?.trim() ?? '';
  if (name.length > MAX_ACCOUNT_HOLDER_NAME_LENGTH) {
    throw invalidField(
      'body.accountHolderName',
      `has ${name.length} characters; shorten it to at most ${MAX_ACCOUNT_HOLDER_NAME_LENGTH}`,
    );
  }

  return { iban, bic: bic === '' ? null : bic, accountHolderName: name === '' ? null : name };
}

async function findDebtor(
  executor: Executor,
  debtorId: string,
  options: { forUpdate?: boolean } = {},
) {
  const id = requireUuid(debtorId, 'Debtor');
  let query = executor
    .selectFrom('debtors')
    .select(['id', 'entity_id', 'number'])
    .where('id', '=', id);
  if (options.forUpdate) {
    query = query.forUpdate();
  }
  const debtor = await query.executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${id} does not exist.`);
  }

  return debtor;
}

function invalidField(field: string, message: string): AppError {
  return new AppError('invalid_input', `Invalid request: ${field}: ${message}.`, {
    fields: [{ field, message }],
  });
}
