import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ChargeKind } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';
import { loadInvoiceBalances } from '../payments/invoice-balances.ts';

/** One charge as the customer card shows it; amounts are decimal strings in the charge's currency. */
export interface ListedCharge {
  id: string;
  kind: ChargeKind;
  /** The name of the step that charged it; null when no step did. */
  step: string | null;
  chargedOn: PlainDate;
  amount: string;
  vat: string;
  paid: string;
  /** 0 once waived. */
  open: string;
  waived: { at: string; by: string; reason: string | null } | null;
  calculation: Record<string, unknown>;
}

/** One invoice of the debtor with what is open on it and its charges. */
export interface ChargedInvoice {
  invoiceId: string;
  number: string;
  dueDate: PlainDate;
  currency: string;
  principalOpen: string;
  costsOpen: string;
  interestOpen: string;
  feesOpen: string;
  totalOpen: string;
  charges: ListedCharge[];
}

export interface DebtorCharges {
  debtorId: string;
  /** Invoices with something open or with a charge, oldest due date first. */
  invoices: ChargedInvoice[];
  /** The debtor's total open per currency, charges included. */
  totals: Array<{
    currency: string;
    principalOpen: string;
    chargesOpen: string;
    totalOpen: string;
  }>;
}

/**
 * Lists a debtor's invoices that have something open or a charge, with each
 * charge: what it was, the step and date, the amount with its VAT, what
 * payments settled, what is open and, for interest, the calculation. Throws
 * not_found when the debtor does not exist or lies outside the caller's
 * entities.
 */
export async function listDebtorCharges(
  executor: Executor,
  params: { organisationId: string; debtorId: string },
): Promise<DebtorCharges> {
  const debtor = await executor
    .selectFrom('debtors')
    .select('id')
    .where('id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }

  const paid = executor
    .selectFrom('charge_allocations')
    .select(['charge_id', sql<number>`sum(amount_minor)`.as('paid_minor')])
    .groupBy('charge_id');
  const charges = await executor
    .selectFrom('charges as c')
    .leftJoin('steps as s', 's.id', 'c.step_id')
    .leftJoin(paid.as('p'), 'p.charge_id', 'c.id')
    .select([
      'c.id',
      'c.invoice_id',
      'c.kind',
      's.name as step',
      'c.charged_on',
      'c.currency',
      'c.amount_minor',
      'c.vat_minor',
      'c.calculation',
      'c.waived_at',
      'c.waived_by',
      'c.waive_reason',
      sql<number>`coalesce(p.paid_minor, 0)::bigint`.as('paid_minor'),
    ])
    .where('c.debtor_id', '=', params.debtorId)
    .orderBy('c.charged_on')
    .orderBy('c.kind')
    .execute();

  const open = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    debtorId: params.debtorId,
  });
  const openIds = new Set(open.map((balance) => balance.invoiceId));
  const chargedOnly = [...new Set(charges.map((charge) => charge.invoice_id))].filter(
    (id) => !openIds.has(id),
  );
  const balances = [
    ...open,
    ...(await loadInvoiceBalances(executor, {
      organisationId: params.organisationId,
      invoiceIds: chargedOnly,
    })),
  ].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number));

  const totals = new Map<string, { principal: number; charges: number }>();
  const invoices = balances.map((balance): ChargedInvoice => {
    const money = (minor: number) => formatDecimal(minor, balance.currency);
    const total = totals.get(balance.currency) ?? { principal: 0, charges: 0 };
    total.principal += balance.principalOpenMinor;
    total.charges += balance.costsOpenMinor + balance.interestOpenMinor + balance.feesOpenMinor;
    totals.set(balance.currency, total);
    return {
      invoiceId: balance.invoiceId,
      number: balance.number,
      dueDate: balance.dueDate,
      currency: balance.currency,
      principalOpen: money(balance.principalOpenMinor),
      costsOpen: money(balance.costsOpenMinor),
      interestOpen: money(balance.interestOpenMinor),
      feesOpen: money(balance.feesOpenMinor),
      totalOpen: money(balance.totalOpenMinor),
      charges: charges
        .filter((charge) => charge.invoice_id === balance.invoiceId)
        .map((charge) => {
          const amountMinor = Number(charge.amount_minor);
          const paidMinor = Number(charge.paid_minor);
          const chargeMoney = (minor: number) => formatDecimal(minor, charge.currency);
          return {
            id: charge.id,
            kind: charge.kind,
            step: charge.step,
            chargedOn: charge.charged_on,
            amount: chargeMoney(amountMinor),
            vat: chargeMoney(Number(charge.vat_minor)),
            paid: chargeMoney(paidMinor),
            open: chargeMoney(charge.waived_at ? 0 : amountMinor - paidMinor),
            waived: charge.waived_at
              ? {
                  at: new Date(charge.waived_at).toISOString(),
                  by: charge.waived_by ?? 'system',
                  reason: charge.waive_reason,
                }
              : null,
            calculation: charge.calculation,
          };
        }),
    };
  });

  return {
    debtorId: params.debtorId,
    invoices,
    totals: [...totals].map(([currency, total]) => ({
      currency,
      principalOpen: formatDecimal(total.principal, currency),
      chargesOpen: formatDecimal(total.charges, currency),
      totalOpen: formatDecimal(total.principal + total.charges, currency),
    })),
  };
}
