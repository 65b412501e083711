import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** Open amounts of an invoice's charges per kind, in minor units of the invoice's currency. */
export interface OpenCharges {
  costsMinor: number;
  interestMinor: number;
  feesMinor: number;
}

/**
 * Loads the open charges of a message's invoices as on the run date:
 * charges charged on or before `asOf` and not waived, minus what payments
 * dated on or before `asOf` settled. Like the message's open amounts, a
 * later payment does not change what an approved message states.
 */
export async function loadMessageCharges(
  executor: Executor,
  params: { invoiceIds: readonly string[]; asOf: PlainDate },
): Promise<Map<string, OpenCharges>> {
  if (params.invoiceIds.length === 0) {
    return new Map();
  }
  const paid = executor
    .selectFrom('charge_allocations as ca')
    .innerJoin('payments as p', 'p.id', 'ca.payment_id')
    .select(['ca.charge_id', sql<number>`sum(ca.amount_minor)`.as('paid_minor')])
    .where('p.payment_date', '<=', params.asOf)
    .groupBy('ca.charge_id');
  const rows = await executor
    .selectFrom('charges as c')
    .leftJoin(paid.as('p'), 'p.charge_id', 'c.id')
    .select([
      'c.invoice_id',
      'c.kind',
      sql<number>`sum(c.amount_minor - coalesce(p.paid_minor, 0))::bigint`.as('open_minor'),
    ])
    .where('c.invoice_id', 'in', params.invoiceIds)
    .where('c.charged_on', '<=', params.asOf)
    .where('c.waived_at', 'is', null)
    .groupBy(['c.invoice_id', 'c.kind'])
    .execute();

  const charges = new Map<string, OpenCharges>();
  for (const row of rows) {
    const open = charges.get(row.invoice_id) ?? { costsMinor: 0, interestMinor: 0, feesMinor: 0 };
    const amount = Number(row.open_minor);
    if (row.kind === 'collection_costs') {
      open.costsMinor += amount;
    } else if (row.kind === 'interest') {
      open.interestMinor += amount;
    } else {
      open.feesMinor += amount;
    }
    charges.set(row.invoice_id, open);
  }

  return charges;
}
