import { sql } from 'kysely';
import { recordAuditEvents } from '../audit/record-audit-events.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { chunk, WRITE_CHUNK_SIZE } from './batching.ts';

/**
 * For a snapshot import: closes, from `closedOn`, every invoice of the
 * entity that is still open (not closed, open amount other than zero) and
 * whose number is not in `keepNumbers`, and records an invoice.closed event
 * for each. Returns how many were closed.
 */
export async function closeMissingInvoices(
  trx: Executor,
  params: {
    organisationId: string;
    actor: string;
    entityId: string;
    closedOn: PlainDate;
    keepNumbers: Set<string>;
  },
): Promise<number> {
  // The numbers are compared here rather than in SQL. PostgreSQL estimates
  // 100 rows for unnest() of an array parameter, so with a large file it picks
  // a nested-loop anti-join that compares every open invoice with every number.
  const open = await sql<{ id: string; number: string }>`
    select i.id, i.number from invoices i
    where i.entity_id = ${params.entityId}
      and i.closed_on is null
      and i.amount_minor <> coalesce(
        (select sum(a.amount_minor) from allocations a where a.invoice_id = i.id), 0)`.execute(trx);
  const missing = open.rows
    .filter((invoice) => !params.keepNumbers.has(invoice.number))
    .map((invoice) => invoice.id);

  for (const ids of chunk(missing, WRITE_CHUNK_SIZE)) {
    await sql`
      update invoices set closed_on = ${params.closedOn}::date, updated_at = now()
      where id = any(${ids}::uuid[])`.execute(trx);
  }
  await recordAuditEvents(
    trx,
    {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'invoice.closed',
      subjectType: 'invoice',
      entityId: params.entityId,
    },
    missing.map((id) => ({
      subjectId: id,
      before: { closedOn: null },
      after: { closedOn: params.closedOn },
    })),
  );

  return missing.length;
}
