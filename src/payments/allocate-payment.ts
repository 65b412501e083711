import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { AllocationOrder, ChargeKind, MatchMethod } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';
import { loadInvoiceBalances } from './invoice-balances.ts';

export interface AllocationTarget {
  invoiceId: string;
  /** Maximum to settle on this invoice; without it, everything open. */
  amountMinor?: number;
}

export interface AllocationPart {
  invoiceId: string;
  component: 'principal' | ChargeKind;
  chargeId?: string;
  amountMinor: number;
}

export interface AllocationResult {
  allocatedMinor: number;
  /** Amount of the payment still unallocated after this allocation. */
  remainderMinor: number;
  parts: AllocationPart[];
}

interface OpenCharge {
  id: string;
  invoiceId: string;
  kind: ChargeKind;
  openMinor: number;
}

type Component = 'costs' | 'interest' | 'principal';

/**
 * The order in which a payment settles an invoice's amounts. By law a
 * payment settles the costs first, then the interest, then the principal
 * (art. 6:44 BW); an entity may choose to settle the principal first.
 * Fees count as costs.
 */
const COMPONENT_ORDER: Record<AllocationOrder, readonly Component[]> = {
  costs_interest_principal: ['costs', 'interest', 'principal'],
  principal_interest_costs: ['principal', 'interest', 'costs'],
};

/**
 * Allocates what is left of a received payment to invoices, in the order
 * of the targets. Each invoice's costs, interest and principal are settled
 * in the entity's allocation order, never beyond what is open. The payment
 * row is locked first, so two allocations of one payment running at the
 * same time wait for each other and never spend the same money twice.
 * Calling this again allocates only the remainder.
 *
 * The first allocation records how the payment was matched, and sets the
 * payment's debtor when it had none. Runs in the caller's transaction and
 * audits `payment.allocated` with the parts.
 */
export async function allocatePayment(
  executor: Executor,
  params: {
    organisationId: string;
    paymentId: string;
    targets: AllocationTarget[];
    method: MatchMethod;
    actor: string;
  },
): Promise<AllocationResult> {
  const payment = await executor
    .selectFrom('payments')
    .select(['id', 'entity_id', 'debtor_id', 'currency', 'amount_minor', 'match_method'])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.paymentId)
    .forUpdate()
    .executeTakeFirst();
  if (!payment) {
    throw new AppError('not_found', `Payment ${params.paymentId} does not exist.`);
  }
  if (Number(payment.amount_minor) <= 0) {
    throw new AppError(
      'invalid_input',
      `Payment ${params.paymentId} is money going back, not a receipt; only receipts are allocated to invoices.`,
    );
  }

  const entity = await executor
    .selectFrom('entities')
    .select('allocation_order')
    .where('id', '=', payment.entity_id)
    .executeTakeFirstOrThrow();
  const invoiceIds = [...new Set(params.targets.map((target) => target.invoiceId))];
  const balances = new Map(
    (
      await loadInvoiceBalances(executor, { organisationId: params.organisationId, invoiceIds })
    ).map((balance) => [balance.invoiceId, balance]),
  );
  for (const target of params.targets) {
    const balance = balances.get(target.invoiceId);
    if (!balance || balance.entityId !== payment.entity_id) {
      throw new AppError(
        'invalid_input',
        `Invoice ${target.invoiceId} is not an invoice of the payment's entity.`,
      );
    }
    if (balance.currency !== payment.currency) {
      throw new AppError(
        'invalid_input',
        `Invoice ${balance.number} is in ${balance.currency} and the payment in ${payment.currency}; allocate only to invoices in the payment's currency.`,
      );
    }
    if (
      target.amountMinor !== undefined &&
      !(Number.isSafeInteger(target.amountMinor) && target.amountMinor > 0)
    ) {
      throw new AppError(
        'invalid_input',
        `The amount for invoice ${balance.number} must be above zero.`,
      );
    }
  }
  const charges = await loadOpenCharges(executor, invoiceIds);

  let remainder = await paymentRemainder(executor, payment.id);
  const parts: AllocationPart[] = [];
  for (const target of params.targets) {
    const balance = balances.get(target.invoiceId);
    if (!balance) {
      continue;
    }
    const available = Math.min(remainder, target.amountMinor ?? Number.POSITIVE_INFINITY);
    let budget = available;
    for (const component of COMPONENT_ORDER[entity.allocation_order]) {
      if (budget <= 0) {
        break;
      }
      if (component === 'principal') {
        const amount = Math.min(budget, Math.max(0, balance.principalOpenMinor));
        if (amount > 0) {
          balance.principalOpenMinor -= amount;
          parts.push({ invoiceId: balance.invoiceId, component: 'principal', amountMinor: amount });
          budget -= amount;
        }
        continue;
      }
      const kinds: ChargeKind[] =
        component === 'costs' ? ['collection_costs', 'fee'] : ['interest'];
      for (const charge of charges) {
        if (budget <= 0) {
          break;
        }
        if (charge.invoiceId !== balance.invoiceId || !kinds.includes(charge.kind)) {
          continue;
        }
        const amount = Math.min(budget, charge.openMinor);
        if (amount > 0) {
          charge.openMinor -= amount;
          parts.push({
            invoiceId: balance.invoiceId,
            component: charge.kind,
            chargeId: charge.id,
            amountMinor: amount,
          });
          budget -= amount;
        }
      }
    }
    remainder -= available - budget;
  }

  await writeParts(executor, params.organisationId, payment.id, parts);
  const allocatedMinor = parts.reduce((sum, part) => sum + part.amountMinor, 0);
  if (allocatedMinor > 0) {
    const firstInvoice = balances.get(parts[0]?.invoiceId ?? '');
    await executor
      .updateTable('payments')
      .set({
        debtor_id: payment.debtor_id ?? firstInvoice?.debtorId ?? null,
        match_method: payment.match_method ?? params.method,
        matched_at: sql`coalesce(matched_at, now())`,
        matched_by: sql`coalesce(matched_by, ${params.actor})`,
      })
      .where('id', '=', payment.id)
      .execute();
    await recordAudit(executor, {
      organisationId: params.organisationId,
      actor: params.actor,
      action: 'payment.allocated',
      subjectType: 'payment',
      subjectId: payment.id,
      entityId: payment.entity_id,
      after: {
        method: params.method,
        remainder: formatDecimal(remainder, payment.currency),
        parts: parts.map((part) => ({
          invoice: balances.get(part.invoiceId)?.number,
          component: part.component,
          amount: formatDecimal(part.amountMinor, payment.currency),
        })),
      },
    });
  }

  return { allocatedMinor, remainderMinor: remainder, parts };
}

/** Returns the payment's amount minus everything allocated from it, to principal and to charges. */
export async function paymentRemainder(executor: Executor, paymentId: string): Promise<number> {
  const row = await executor
    .selectFrom('payments as p')
    .select([
      'p.amount_minor',
      sql<number>`(select coalesce(sum(a.amount_minor), 0) from allocations a where a.payment_id = p.id)::bigint`.as(
        'principal_minor',
      ),
      sql<number>`(select coalesce(sum(c.amount_minor), 0) from charge_allocations c where c.payment_id = p.id)::bigint`.as(
        'charges_minor',
      ),
    ])
    .where('p.id', '=', paymentId)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Payment ${paymentId} does not exist.`);
  }

  return Number(row.amount_minor) - Number(row.principal_minor) - Number(row.charges_minor);
}

/** Loads the open charges of the invoices, oldest first. Waived charges are owed no more. */
async function loadOpenCharges(executor: Executor, invoiceIds: string[]): Promise<OpenCharge[]> {
  if (invoiceIds.length === 0) {
    return [];
  }
  const rows = await executor
    .selectFrom('charges as c')
    .select([
      'c.id',
      'c.invoice_id',
      'c.kind',
      sql<number>`(c.amount_minor - coalesce((select sum(a.amount_minor) from charge_allocations a where a.charge_id = c.id), 0))::bigint`.as(
        'open_minor',
      ),
    ])
    .where('c.invoice_id', 'in', invoiceIds)
    .where('c.waived_at', 'is', null)
    .orderBy('c.charged_on')
    .orderBy('c.created_at')
    .execute();

  return rows
    .map((row) => ({
      id: row.id,
      invoiceId: row.invoice_id,
      kind: row.kind,
      openMinor: Number(row.open_minor),
    }))
    .filter((charge) => charge.openMinor > 0);
}

/** Adds the parts to the payment's allocations. A second part for the same invoice or charge adds to the first. */
async function writeParts(
  executor: Executor,
  organisationId: string,
  paymentId: string,
  parts: AllocationPart[],
): Promise<void> {
  for (const part of parts) {
    if (part.chargeId) {
      await executor
        .insertInto('charge_allocations')
        .values({
          organisation_id: organisationId,
          payment_id: paymentId,
          charge_id: part.chargeId,
          amount_minor: part.amountMinor,
        })
        .onConflict((conflict) =>
          conflict.columns(['payment_id', 'charge_id']).doUpdateSet({
            amount_minor: sql`charge_allocations.amount_minor + excluded.amount_minor`,
          }),
        )
        .execute();
    } else {
      await executor
        .insertInto('allocations')
        .values({
          organisation_id: organisationId,
          payment_id: paymentId,
          invoice_id: part.invoiceId,
          amount_minor: part.amountMinor,
        })
        .onConflict((conflict) =>
          conflict.columns(['payment_id', 'invoice_id']).doUpdateSet({
            amount_minor: sql`allocations.amount_minor + excluded.amount_minor`,
          }),
        )
        .execute();
    }
  }
}
