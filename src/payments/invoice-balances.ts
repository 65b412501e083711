import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** Open amounts of an invoice: its principal and the charges that dunning steps added to it. */
export interface InvoiceBalance {
  invoiceId: string;
  entityId: string;
  debtorId: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  currency: string;
  dueDate: PlainDate;
  /** The original amount, negative for a credit note. */
  amountMinor: number;
  /** The amount minus the principal allocations of every payment; 0 once a snapshot import closed it. */
  principalOpenMinor: number;
  /** Collection costs charged and not waived, minus what payments settled. */
  costsOpenMinor: number;
  interestOpenMinor: number;
  feesOpenMinor: number;
  /** The sum of principal, costs, interest and fees open. */
  totalOpenMinor: number;
}

/**
 * Loads the balances of invoices: of the given ids whatever their state, or
 * else of a debtor's or an entity's invoices that have something open. A
 * waived charge is owed no more, so it counts as settled. An invoice that
 * a full snapshot import closed has no principal open, because the
 * accounting package settled it. Its charges stay open until paid or waived.
 */
export async function loadInvoiceBalances(
  executor: Executor,
  params: { organisationId: string; invoiceIds?: string[]; debtorId?: string; entityId?: string },
): Promise<InvoiceBalance[]> {
  if (params.invoiceIds?.length === 0) {
    return [];
  }
  if (!params.invoiceIds && !params.debtorId && !params.entityId) {
    throw new Error('loadInvoiceBalances: missing invoice ids, debtor or entity.');
  }

  const paid = executor
    .selectFrom('allocations')
    .select(['invoice_id', sql<number>`sum(amount_minor)`.as('paid_minor')])
    .groupBy('invoice_id');
  const chargePaid = executor
    .selectFrom('charge_allocations')
    .select(['charge_id', sql<number>`sum(amount_minor)`.as('paid_minor')])
    .groupBy('charge_id');
  const openByKind = (kind: string) =>
    sql<number>`sum(case when c.kind = ${kind} then c.amount_minor - coalesce(cp.paid_minor, 0) else 0 end)`;
  const charged = executor
    .selectFrom('charges as c')
    .leftJoin(chargePaid.as('cp'), 'cp.charge_id', 'c.id')
    .select([
      'c.invoice_id',
      openByKind('collection_costs').as('costs_open'),
      openByKind('interest').as('interest_open'),
      openByKind('fee').as('fees_open'),
    ])
    .where('c.waived_at', 'is', null)
    .groupBy('c.invoice_id');

  const principalOpen = sql<number>`(case when i.closed_on is null
    then i.amount_minor - coalesce(p.paid_minor, 0) else 0 end)`;
  const costsOpen = sql<number>`coalesce(ch.costs_open, 0)`;
  const interestOpen = sql<number>`coalesce(ch.interest_open, 0)`;
  const feesOpen = sql<number>`coalesce(ch.fees_open, 0)`;
  const totalOpen = sql<number>`(${principalOpen} + ${costsOpen} + ${interestOpen} + ${feesOpen})`;

  let query = executor
    .selectFrom('invoices as i')
    .leftJoin(paid.as('p'), 'p.invoice_id', 'i.id')
    .leftJoin(charged.as('ch'), 'ch.invoice_id', 'i.id')
    .select([
      'i.id',
      'i.entity_id',
      'i.debtor_id',
      'i.number',
      'i.kind',
      'i.currency',
      'i.due_date',
      'i.amount_minor',
      sql<number>`${principalOpen}::bigint`.as('principal_open'),
      sql<number>`${costsOpen}::bigint`.as('costs_open'),
      sql<number>`${interestOpen}::bigint`.as('interest_open'),
      sql<number>`${feesOpen}::bigint`.as('fees_open'),
      sql<number>`${totalOpen}::bigint`.as('total_open'),
    ])
    .where('i.organisation_id', '=', params.organisationId)
    .orderBy('i.due_date')
    .orderBy('i.number');
  if (params.invoiceIds) {
    query = query.where('i.id', 'in', params.invoiceIds);
  } else {
    query = query.where(sql<boolean>`${totalOpen} <> 0`);
  }
  if (params.debtorId) {
    query = query.where('i.debtor_id', '=', params.debtorId);
  }
  if (params.entityId) {
    query = query.where('i.entity_id', '=', params.entityId);
  }

  const rows = await query.execute();

  return rows.map((row) => ({
    invoiceId: row.id,
    entityId: row.entity_id,
    debtorId: row.debtor_id,
    number: row.number,
    kind: row.kind,
    currency: row.currency,
    dueDate: row.due_date,
    amountMinor: Number(row.amount_minor),
    principalOpenMinor: Number(row.principal_open),
    costsOpenMinor: Number(row.costs_open),
    interestOpenMinor: Number(row.interest_open),
    feesOpenMinor: Number(row.fees_open),
    totalOpenMinor: Number(row.total_open),
  }));
}
