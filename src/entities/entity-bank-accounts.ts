import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { checkIban, FieldProblem } from './entity-field-rules.ts';
import { findEntity } from './find-entity.ts';

/** Maximum number of further bank accounts of one entity. */
export const MAX_BANK_ACCOUNTS = 50;

/**
 * Lists the entity's further bank accounts besides its main IBAN, in
 * electronic form (upper case, no spaces), sorted.
 */
export async function listEntityBankAccounts(
  executor: Executor,
  params: { organisationId: string; entityId: string },
): Promise<string[]> {
  await findEntity(executor, params);
  const rows = await executor
    .selectFrom('entity_bank_accounts')
    .select('iban')
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId)
    .orderBy('iban')
    .execute();

  return rows.map((row) => row.iban);
}

/**
 * Replaces the entity's further bank accounts. Every IBAN is checked (check
 * digits, and length and layout for its country) and stored in electronic
 * form. An IBAN given twice or equal to the main IBAN is rejected. All
 * problems are reported at once and nothing is written then. The audit
 * event lists the accounts before and after; a request that changes
 * nothing records no event.
 */
export async function setEntityBankAccounts(
  executor: Executor,
  params: { organisationId: string; entityId: string; actor: string; ibans: readonly string[] },
): Promise<string[]> {
  const entity = await findEntity(executor, params);
  const ibans = validateBankAccounts(params.ibans, entity.iban);
  const before = await listEntityBankAccounts(executor, params);
  if (JSON.stringify(before) === JSON.stringify(ibans)) {
    return before;
  }

  await executor
    .deleteFrom('entity_bank_accounts')
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId)
    .execute();
  if (ibans.length > 0) {
    await executor
      .insertInto('entity_bank_accounts')
      .values(
        ibans.map((iban) => ({
          organisation_id: params.organisationId,
          entity_id: params.entityId,
          iban,
        })),
      )
      .execute();
  }
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.bank_accounts_set',
    subjectType: 'entity',
    subjectId: params.entityId,
    entityId: params.entityId,
    before: { bankAccounts: before },
    after: { bankAccounts: ibans },
  });

  return ibans;
}

function validateBankAccounts(values: readonly string[], mainIban: string | null): string[] {
  if (values.length > MAX_BANK_ACCOUNTS) {
    throw new AppError(
      'invalid_input',
      `bankAccounts: ${values.length} IBANs given, at most ${MAX_BANK_ACCOUNTS} allowed. Remove the accounts that no longer receive payments.`,
    );
  }
  const issues: Array<{ field: string; value: string; message: string }> = [];
  const seen = new Set<string>();
  values.forEach((value, index) => {
    const field = `bankAccounts[${index}]`;
    let iban: string;
    try {
      iban = checkIban(value);
    } catch (error) {
      if (!(error instanceof FieldProblem)) {
        throw error;
      }
      issues.push({ field, value, message: error.message });
      return;
    }
    if (iban === mainIban) {
      issues.push({
        field,
        value,
        message: `${iban} is the main IBAN of the entity already. List only further accounts.`,
      });
    } else if (seen.has(iban)) {
      issues.push({ field, value, message: `${iban} is given twice. Give each IBAN once.` });
    }
    seen.add(iban);
  });
  if (issues.length > 0) {
    const sentences = issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw new AppError('invalid_input', `Invalid bank accounts. ${sentences.join(' ')}`, {
      fields: issues,
    });
  }

  return [...seen].sort();
}
