import { recordAudit } from '../../audit/record-audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Counterparty } from '../../bank-statements/statement-model.ts';
import { checkedIban, isBic, MAX_ACCOUNT_HOLDER_NAME_LENGTH } from './debtor-bank-accounts.ts';

/**
 * Stores the counterparty IBAN of a bank payment as a bank account of the
 * debtor that its payment reference or invoice numbers named (source
 * "learned"), and records a debtor.bank_account_added audit event. An IBAN
 * that fails its check, or that the debtor has already, is left alone.
 * Returns whether it stored the IBAN.
 */
export async function learnDebtorBankAccount(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    debtorId: string;
    paymentId: string;
    counterparty: Counterparty;
  },
): Promise<boolean> {
  const { counterparty } = params;
  const iban = counterparty.iban === undefined ? undefined : checkedIban(counterparty.iban);
  if (iban === undefined) {
    return false;
  }
  const debtor = await executor
    .selectFrom('debtors')
    .select(['id', 'entity_id'])
    .where('id', '=', params.debtorId)
    .executeTakeFirstOrThrow();
  const name = counterparty.name?.trim().slice(0, MAX_ACCOUNT_HOLDER_NAME_LENGTH) || null;
  const bic = counterparty.bic?.replace(/\s/g, '').toUpperCase() ?? '';
  const inserted = await executor
    .insertInto('debtor_bank_accounts')
    .values({
      organisation_id: params.organisationId,
      entity_id: debtor.entity_id,
      debtor_id: debtor.id,
      iban,
      bic: isBic(bic) ? bic : null,
      account_holder_name: name,
      source: 'learned',
      learned_from_payment_id: params.paymentId,
      created_by: params.actor,
    })
    .onConflict((conflict) => conflict.columns(['debtor_id', 'iban']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    return false;
  }
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'debtor.bank_account_added',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    after: { iban, accountHolderName: name, source: 'learned', paymentId: params.paymentId },
  });

  return true;
}
