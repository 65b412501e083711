import { sql } from 'kysely';
import { recordAuditEvents } from '../audit/record-audit-events.ts';
import type { Executor } from '../db/database.ts';
import { chunk, WRITE_CHUNK_SIZE } from './batching.ts';
import type { ImportedDebtor } from './imported-records.ts';

/**
 * Adds the IBANs of the file to their debtors as bank accounts with source
 * "import", in batched statements, and records a debtor.bank_account_added
 * event per account added. IBANs the debtor has already, from any source,
 * stay as they are, and the import removes none. Returns the ids of the
 * debtors that got an account.
 */
export async function addImportedBankAccounts(
  trx: Executor,
  params: {
    organisationId: string;
    entityId: string;
    actor: string;
    debtors: Map<string, ImportedDebtor>;
    idByNumber: Map<string, string>;
  },
): Promise<Set<string>> {
  const accounts = [...params.debtors.values()].flatMap((debtor) => {
    const debtorId = params.idByNumber.get(debtor.number);
    return debtorId === undefined ? [] : (debtor.ibans ?? []).map((iban) => ({ debtorId, iban }));
  });
  const added: Array<{ debtor_id: string; iban: string }> = [];
  for (const rows of chunk(accounts, WRITE_CHUNK_SIZE)) {
    const { rows: inserted } = await sql<{ debtor_id: string; iban: string }>`
      insert into debtor_bank_accounts
        (organisation_id, entity_id, debtor_id, iban, source, created_by)
      select ${params.organisationId}::uuid, ${params.entityId}::uuid, v.debtor_id, v.iban,
        'import', ${params.actor}
      from unnest(${rows.map((row) => row.debtorId)}::uuid[], ${rows.map((row) => row.iban)}::text[])
        as v (debtor_id, iban)
      on conflict (debtor_id, iban) do nothing
      returning debtor_id, iban`.execute(trx);
    added.push(...inserted);
  }
  await recordAuditEvents(
    trx,
    {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'debtor.bank_account_added',
      subjectType: 'debtor',
      entityId: params.entityId,
    },
    added.map((row) => ({ subjectId: row.debtor_id, after: { iban: row.iban, source: 'import' } })),
  );

  return new Set(added.map((row) => row.debtor_id));
}
