import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { chunk, LOOKUP_CHUNK_SIZE, WRITE_CHUNK_SIZE } from '../import/batching.ts';
import {
  fallbackCreditorReference,
  invoiceCreditorReference,
  nextDutchReferences,
} from './generate-payment-reference.ts';

/** Rounds of fresh sequence numbers before giving up on Dutch references that are taken. */
const MAX_DUTCH_ROUNDS = 5;

interface UnassignedInvoice {
  id: string;
  number: string;
}

/**
 * Gives every invoice of the entity that has no payment reference one in
 * the entity's scheme, with a few set-based statements and no round trip
 * per invoice. The import calls it after writing its invoices, so it covers
 * the invoices of that import and any older invoice of the entity without
 * a reference.
 *
 * 'rf' derives the reference from the entity code and the invoice number.
 * When that reference is taken by another invoice of the entity (numbers
 * such as "INV-1" and "INV1" give the same one) or the pair does not fit,
 * the invoice gets the fallback reference made from its id. 'nl' takes
 * numbers from the payment_reference_numbers sequence and draws again for
 * a reference that an imported one already took. Returns how many invoices
 * got a reference.
 */
export async function assignInvoiceReferences(
  executor: Executor,
  params: { entityId: string },
): Promise<number> {
  const entity = await executor
    .selectFrom('entities')
    .select(['code', 'payment_reference_scheme'])
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }
  const invoices: UnassignedInvoice[] = await executor
    .selectFrom('invoices')
    .select(['id', 'number'])
    .where('entity_id', '=', params.entityId)
    .where('payment_reference', 'is', null)
    .orderBy('number')
    .execute();
  if (invoices.length === 0) {
    return 0;
  }

  const references =
    entity.payment_reference_scheme === 'nl'
      ? await dutchReferences(executor, params.entityId, invoices)
      : await creditorReferences(executor, params.entityId, entity.code, invoices);
  // The planner statistics of invoices still describe the table before this import, so
  // for a large first import PostgreSQL would join by scanning every invoice per
  // reference: measured, 127 s for one chunk of a 50,000-invoice import. Each row is
  // found by its primary key instead, and the setting ends with this step.
  await sql`set local enable_seqscan = off`.execute(executor);
  for (const rows of chunk(invoices, WRITE_CHUNK_SIZE)) {
    await sql`
      update invoices as i set payment_reference = v.reference, updated_at = now()
      from unnest(
        ${rows.map((row) => row.id)}::uuid[],
        ${rows.map((row) => references.get(row.id))}::text[]
      ) as v(id, reference)
      where i.id = v.id`.execute(executor);
  }
  await sql`set local enable_seqscan = on`.execute(executor);

  return invoices.length;
}

async function creditorReferences(
  executor: Executor,
  entityId: string,
  entityCode: string,
  invoices: UnassignedInvoice[],
): Promise<Map<string, string>> {
  const derived = invoices.map((invoice) => ({
    id: invoice.id,
    reference: invoiceCreditorReference({
      entityCode,
      invoiceNumber: invoice.number,
      invoiceId: invoice.id,
    }),
  }));
  const used = await findUsedReferences(
    executor,
    entityId,
    derived.map((row) => row.reference),
  );
  const references = new Map<string, string>();
  for (const row of derived) {
    const reference = used.has(row.reference) ? fallbackCreditorReference(row.id) : row.reference;
    used.add(reference);
    references.set(row.id, reference);
  }

  return references;
}

async function dutchReferences(
  executor: Executor,
  entityId: string,
  invoices: UnassignedInvoice[],
): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  let waiting = invoices;
  for (let round = 0; round < MAX_DUTCH_ROUNDS && waiting.length > 0; round += 1) {
    const drawn = await nextDutchReferences(executor, waiting.length);
    const used = await findUsedReferences(executor, entityId, drawn);
    const next: UnassignedInvoice[] = [];
    waiting.forEach((invoice, index) => {
      const reference = drawn[index];
      if (reference === undefined || used.has(reference)) {
        next.push(invoice);
      } else {
        references.set(invoice.id, reference);
      }
    });
    waiting = next;
  }
  if (waiting.length > 0) {
    throw new AppError(
      'conflict',
      `${waiting.length} invoice(s) got no Dutch payment reference: every number drawn from the sequence was taken by an imported reference. Check the imported references of entity ${entityId}.`,
    );
  }

  return references;
}

/** Returns which of `references` other invoices of the entity already have. */
async function findUsedReferences(
  executor: Executor,
  entityId: string,
  references: string[],
): Promise<Set<string>> {
  const used = new Set<string>();
  for (const batch of chunk(references, LOOKUP_CHUNK_SIZE)) {
    // Joining the references lets each one use the index on (entity_id, payment_reference),
    // as the import's lookups of invoice numbers do.
    const { rows } = await sql<{ payment_reference: string }>`
      select i.payment_reference
      from unnest(${batch}::text[]) as wanted(reference)
      join invoices i on i.entity_id = ${entityId} and i.payment_reference = wanted.reference`.execute(
      executor,
    );
    rows.forEach((row) => used.add(row.payment_reference));
  }

  return used;
}
