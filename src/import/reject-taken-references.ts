import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { chunk, LOOKUP_CHUNK_SIZE } from './batching.ts';
import type { ImportedInvoice } from './imported-records.ts';
import type { ParsedImport } from './parse-import-rows.ts';

/**
 * Rejects the rows whose payment reference another invoice of the entity
 * already has, because references are unique per entity. The other invoice
 * may give the reference up in the same file (two invoices that swap
 * references), and then the row stays. Rejected rows leave
 * `parsed.invoices` and join `parsed.rejected`, as row errors found while
 * parsing do.
 */
export async function rejectTakenReferences(
  executor: Executor,
  params: { entityId: string },
  parsed: ParsedImport,
): Promise<void> {
  const withReference = parsed.invoices.filter((invoice) => invoice.paymentReference);
  if (withReference.length === 0) {
    return;
  }
  const holders = await findReferenceHolders(
    executor,
    params.entityId,
    withReference.map((invoice) => invoice.paymentReference ?? ''),
  );
  const fileInvoices = new Map(parsed.invoices.map((invoice) => [invoice.number, invoice]));

  const rejected = new Set<ImportedInvoice>();
  for (const invoice of withReference) {
    const holder = holders.get(invoice.paymentReference ?? '');
    if (holder === undefined || holder === invoice.number) {
      continue;
    }
    // A holder in the file with another reference gives this one up.
    if (fileInvoices.get(holder)?.paymentReference !== undefined) {
      continue;
    }
    rejected.add(invoice);
    parsed.rejected.push({
      row: invoice.line,
      column: parsed.paymentReferenceColumn,
      value: invoice.paymentReference ?? '',
      reason: `the payment reference belongs to invoice ${holder} already; give each invoice its own reference, or leave the cell empty to let Collecta make one`,
    });
    parsed.rejectedInvoiceNumbers.add(invoice.number);
  }
  if (rejected.size > 0) {
    parsed.invoices = parsed.invoices.filter((invoice) => !rejected.has(invoice));
    parsed.rejected.sort((left, right) => left.row - right.row);
  }
}

/** Maps each reference that a stored invoice of the entity has to that invoice's number. */
async function findReferenceHolders(
  executor: Executor,
  entityId: string,
  references: string[],
): Promise<Map<string, string>> {
  const holders = new Map<string, string>();
  for (const batch of chunk(references, LOOKUP_CHUNK_SIZE)) {
    // Joining the references lets each one use the index on (entity_id, payment_reference).
    const { rows } = await sql<{ number: string; payment_reference: string }>`
      select i.number, i.payment_reference
      from unnest(${batch}::text[]) as wanted(reference)
      join invoices i on i.entity_id = ${entityId} and i.payment_reference = wanted.reference`.execute(
      executor,
    );
    rows.forEach((row) => holders.set(row.payment_reference, row.number));
  }

  return holders;
}
