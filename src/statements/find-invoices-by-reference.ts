import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * Finds the invoices that payment references point at: an invoice's own
 * `payment_reference`, or a dunning message's reference, which covers the
 * invoices the message listed (its dunning states and the invoices of its
 * explanation). References are compared without spaces and upper-cased.
 */
export async function findInvoicesByReference(
  executor: Executor,
  params: { entityId: string; references: string[] },
): Promise<string[]> {
  if (params.references.length === 0) {
    return [];
  }
  const compared = sql<string>`upper(replace(payment_reference, ' ', ''))`;

  const invoices = await executor
    .selectFrom('invoices')
    .select('id')
    .where('entity_id', '=', params.entityId)
    .where(compared, 'in', params.references)
    .execute();
  const messages = await executor
    .selectFrom('messages')
    .select(['id', 'explanation'])
    .where('entity_id', '=', params.entityId)
    .where(compared, 'in', params.references)
    .execute();

  const ids = new Set(invoices.map((invoice) => invoice.id));
  if (messages.length > 0) {
    const states = await executor
      .selectFrom('dunning_states')
      .select('invoice_id')
      .where(
        'message_id',
        'in',
        messages.map((message) => message.id),
      )
      .execute();
    states.forEach((state) => ids.add(state.invoice_id));
    messages
      .flatMap((message) => explainedInvoiceIds(message.explanation))
      .forEach((id) => {
        ids.add(id);
      });
  }

  return [...ids];
}

/** Reads the ids of a message explanation's `invoices` list; none when the explanation has another shape. */
function explainedInvoiceIds(explanation: unknown): string[] {
  const invoices = (explanation as { invoices?: unknown } | null)?.invoices;
  if (!Array.isArray(invoices)) {
    return [];
  }

  return invoices
    .map((invoice) => (invoice as { id?: unknown }).id)
    .filter((id): id is string => typeof id === 'string');
}
