import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { listDebtorCharges, type DebtorCharges } from '../charges/list-charges.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';

/** Languages the portal is written in; any other debtor language shows the portal in English. */
export const PORTAL_LANGUAGES = ['nl', 'en'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

/** How far back the portal lists paid invoices, in days. */
export const PAID_INVOICE_DAYS = 365;
const MAX_PAID_INVOICES = 20;

/** An outstanding invoice; amounts are decimal strings in `currency`, charges as the staff charges list shows them. */
export interface PortalOpenInvoice {
  invoiceId: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  amount: string;
  principalOpen: string;
  costsOpen: string;
  interestOpen: string;
  feesOpen: string;
  totalOpen: string;
}

export interface PortalPaidInvoice {
  number: string;
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  amount: string;
  /** The date of the last payment on it, or the date the accounting package closed it. */
  paidOn: PlainDate;
}

/** The portal's view of one debtor: its creditor, its invoices and its totals. */
export interface PortalOverview {
  debtor: { name: string; number: string; language: PortalLanguage };
  entity: { name: string; hasLogo: boolean };
  openInvoices: PortalOpenInvoice[];
  paidInvoices: PortalPaidInvoice[];
  totals: DebtorCharges['totals'];
}

/**
 * Loads the portal's view of one debtor: the outstanding invoices with the
 * costs, interest and fees open on them, the invoices paid in the last
 * PAID_INVOICE_DAYS days and the totals per currency. The charges come from
 * listDebtorCharges, so they equal what staff see on the customer card.
 */
export async function loadPortalOverview(
  executor: Executor,
  params: { organisationId: string; debtorId: string; now: Date },
): Promise<PortalOverview> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .select([
      'd.name',
      'd.number',
      'd.language',
      'e.name as entity_name',
      'e.language as entity_language',
      'e.time_zone',
      sql<boolean>`e.logo is not null`.as('has_logo'),
    ])
    .where('d.id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }

  const charges = await listDebtorCharges(executor, params);
  const outstanding = charges.invoices.filter((invoice) => Number(invoice.totalOpen) !== 0);
  const invoiceRows = await loadInvoiceRows(
    executor,
    outstanding.map((invoice) => invoice.invoiceId),
  );
  const today = todayForEntity(debtor, params.now);

  return {
    debtor: {
      name: debtor.name,
      number: debtor.number,
      language: portalLanguage(debtor.language, debtor.entity_language),
    },
    entity: { name: debtor.entity_name, hasLogo: debtor.has_logo },
    openInvoices: outstanding.map((invoice) => {
      const row = invoiceRows.get(invoice.invoiceId);
      return {
        invoiceId: invoice.invoiceId,
        number: invoice.number,
        kind: row?.kind ?? 'invoice',
        invoiceDate: row?.invoice_date ?? invoice.dueDate,
        dueDate: invoice.dueDate,
        currency: invoice.currency,
        amount: formatDecimal(Number(row?.amount_minor ?? 0), invoice.currency),
        principalOpen: invoice.principalOpen,
        costsOpen: invoice.costsOpen,
        interestOpen: invoice.interestOpen,
        feesOpen: invoice.feesOpen,
        totalOpen: invoice.totalOpen,
      };
    }),
    paidInvoices: await loadPaidInvoices(executor, {
      debtorId: params.debtorId,
      openIds: outstanding.map((invoice) => invoice.invoiceId),
      since: addDays(today, -PAID_INVOICE_DAYS),
    }),
    totals: charges.totals,
  };
}

/** Chooses the portal's language: the debtor's, else the entity's, when the portal has it; else English. */
export function portalLanguage(
  debtorLanguage: string | null,
  entityLanguage: string,
): PortalLanguage {
  for (const language of [debtorLanguage, entityLanguage]) {
    const match = PORTAL_LANGUAGES.find((portal) => portal === language?.toLowerCase());
    if (match) {
      return match;
    }
  }

  return 'en';
}

async function loadInvoiceRows(executor: Executor, invoiceIds: string[]) {
  if (invoiceIds.length === 0) {
    return new Map<string, never>();
  }
  const rows = await executor
    .selectFrom('invoices')
    .select(['id', 'kind', 'invoice_date', 'amount_minor'])
    .where('id', 'in', invoiceIds)
    .execute();

  return new Map(rows.map((row) => [row.id, row]));
}

async function loadPaidInvoices(
  executor: Executor,
  params: { debtorId: string; openIds: string[]; since: PlainDate },
): Promise<PortalPaidInvoice[]> {
  const lastPayment = sql<PlainDate | null>`coalesce(max(p.payment_date), i.closed_on)`;
  let query = executor
    .selectFrom('invoices as i')
    .leftJoin('allocations as a', 'a.invoice_id', 'i.id')
    .leftJoin('payments as p', 'p.id', 'a.payment_id')
    .select([
      'i.number',
      'i.invoice_date',
      'i.due_date',
      'i.currency',
      'i.amount_minor',
      lastPayment.as('paid_on'),
    ])
    .where('i.debtor_id', '=', params.debtorId)
    .where('i.kind', '=', 'invoice')
    .groupBy('i.id')
    .having(lastPayment, '>=', params.since)
    .orderBy(lastPayment, 'desc')
    .orderBy('i.number')
    .limit(MAX_PAID_INVOICES);
  if (params.openIds.length > 0) {
    query = query.where('i.id', 'not in', params.openIds);
  }
  const rows = await query.execute();

  return rows.map((row) => ({
    number: row.number,
    invoiceDate: row.invoice_date,
    dueDate: row.due_date,
    currency: row.currency,
    amount: formatDecimal(Number(row.amount_minor), row.currency),
    paidOn: row.paid_on ?? row.due_date,
  }));
}
