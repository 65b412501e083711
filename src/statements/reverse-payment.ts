import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { formatDecimal } from '../money/money.ts';

/** A booked reversal or return (money going back) with the bank's references of it. */
export interface ReversalToMatch {
  organisationId: string;
  entityId: string;
  paymentId: string;
  paymentDate: string;
  currency: string;
  /** Negative: the amount going back. */
  amountMinor: number;
  endToEndId?: string;
  bankReference?: string;
  counterpartyIban?: string;
}

/**
 * Finds the receipt that a reversal or return takes back and undoes its
 * allocations (see takeBackPayment). Returns the id of that receipt, or
 * undefined when none is found, in which case the reversal waits in the
 * queue of unmatched payments.
 *
 * The receipt is a bank receipt of the same entity, currency and opposite
 * amount that nothing reversed yet, sought by end-to-end id, then by bank
 * reference, then by counterparty IBAN; the latest one wins.
 */
export async function reversePayment(
  executor: Executor,
  reversal: ReversalToMatch,
  actor: string,
): Promise<string | undefined> {
  const original = await findReversedReceipt(executor, reversal);
  if (original === undefined) {
    return undefined;
  }
  await takeBackPayment(
    executor,
    reversal,
    { id: original.id, debtorId: original.debtor_id },
    actor,
  );

  return original.id;
}

/**
 * Books a payment with a negative amount as taking back (part of) an
 * earlier receipt, in the caller's transaction, and audits
 * `payment.reversed`. The receipt's row is locked, so reversals of one
 * receipt run one after the other.
 *
 * The amount first takes back what the receipt left unallocated, then its
 * allocations: the invoice due last first, and within an invoice in the
 * opposite of the entity's allocation order. Those parts are written,
 * negated, on the reversal, so the history stays visible and the invoices
 * are open again. Earlier reversals of the same receipt count, so a second
 * partial refund never takes back what the first one did.
 *
 * The part taken from the receipt's remainder cancels out: the reversal is
 * dismissed from the queue of unmatched payments when that part is all it
 * kept, and the receipt when nothing of its remainder is left.
 */
export async function takeBackPayment(
  executor: Executor,
  reversal: ReversalToMatch,
  original: { id: string; debtorId: string | null },
  actor: string,
): Promise<void> {
  // Locks the receipt, so reversals of it run one after the other.
  await executor
    .selectFrom('payments')
    .select('id')
    .where('id', '=', original.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const receiptTotal = await executor
    .selectFrom('payments')
    .select(sql<number>`coalesce(sum(amount_minor), 0)::bigint`.as('amount_minor'))
    .where('id', 'in', payerIds(executor, reversal, original.id))
    .executeTakeFirstOrThrow();
  const parts = await loadNetParts(executor, reversal, original.id);
  const allocatedMinor = parts.reduce((sum, part) => sum + part.amountMinor, 0);
  // What the receipt and its earlier reversals together keep unallocated.
  const openRemainderMinor = Math.max(0, Number(receiptTotal.amount_minor) - allocatedMinor);

  let budget = -reversal.amountMinor;
  const fromRemainderMinor = Math.min(budget, openRemainderMinor);
  budget -= fromRemainderMinor;
  const negated: NetPart[] = [];
  for (const part of parts) {
    if (budget <= 0) {
      break;
    }
    const amount = Math.min(budget, part.amountMinor);
    if (amount > 0) {
      negated.push({ ...part, amountMinor: amount });
      budget -= amount;
    }
  }
  await writeNegatedParts(executor, reversal, negated);

  await executor
    .updateTable('payments')
    .set({
      reverses_payment_id: original.id,
      debtor_id: original.debtorId,
      matched_at: sql`now()`,
      matched_by: actor,
    })
    .where('id', '=', reversal.paymentId)
    .execute();

  if (fromRemainderMinor > 0) {
    const reason = `cancelled out: payment ${reversal.paymentId} of ${reversal.paymentDate} takes back payment ${original.id}`;
    const dismissed = [];
    if (budget === 0) {
      dismissed.push(reversal.paymentId);
    }
    if (fromRemainderMinor === openRemainderMinor) {
      dismissed.push(original.id);
    }
    if (dismissed.length > 0) {
      await executor
        .updateTable('payments')
        .set({ dismissed_at: sql`now()`, dismissed_by: actor, dismiss_reason: reason })
        .where('id', 'in', dismissed)
        .where('dismissed_at', 'is', null)
        .execute();
    }
  }
  await recordAudit(executor, {
    organisationId: reversal.organisationId,
    actor,
    action: 'payment.reversed',
    subjectType: 'payment',
    subjectId: original.id,
    entityId: reversal.entityId,
    after: {
      reversalPaymentId: reversal.paymentId,
      amount: formatDecimal(reversal.amountMinor, reversal.currency),
    },
  });
}

async function findReversedReceipt(executor: Executor, reversal: ReversalToMatch) {
  const candidates = executor
    .selectFrom('payments as p')
    .select(['p.id', 'p.debtor_id'])
    .where('p.entity_id', '=', reversal.entityId)
    .where('p.source', '=', 'bank')
    .where('p.booking_kind', '=', 'receipt')
    .where('p.currency', '=', reversal.currency)
    .where('p.amount_minor', '=', -reversal.amountMinor)
    .where('p.id', '<>', reversal.paymentId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('payments as r').select('r.id').whereRef('r.reverses_payment_id', '=', 'p.id'),
        ),
      ),
    )
    .orderBy('p.payment_date', 'desc')
    .orderBy('p.created_at', 'desc')
    .limit(1)
    .forUpdate();
  const lookups = [
    ['p.end_to_end_id', reversal.endToEndId],
    ['p.bank_reference', reversal.bankReference],
    ['p.counterparty_iban', reversal.counterpartyIban],
  ] as const;

  for (const [column, value] of lookups) {
    if (value === undefined) {
      continue;
    }
    const found = await candidates.where(column, '=', value).executeTakeFirst();
    if (found) {
      return found;
    }
  }

  return undefined;
}

/** The amount a receipt still settles on one invoice's principal or on one charge, net of earlier reversals. */
interface NetPart {
  invoiceId: string;
  chargeId: string | null;
  amountMinor: number;
}

/**
 * Loads what the receipt still settles, net of earlier reversals, in the
 * order a reversal takes it back: the invoice due last first, and within an
 * invoice the opposite of the entity's allocation order.
 */
async function loadNetParts(
  executor: Executor,
  reversal: ReversalToMatch,
  originalId: string,
): Promise<NetPart[]> {
  const payers = payerIds(executor, reversal, originalId);
  const principal = await executor
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select([
      'a.invoice_id',
      'i.due_date',
      sql<number>`sum(a.amount_minor)::bigint`.as('amount_minor'),
    ])
    .where('a.payment_id', 'in', payers)
    .groupBy(['a.invoice_id', 'i.due_date'])
    .execute();
  const charges = await executor
    .selectFrom('charge_allocations as a')
    .innerJoin('charges as c', 'c.id', 'a.charge_id')
    .innerJoin('invoices as i', 'i.id', 'c.invoice_id')
    .select([
      'a.charge_id',
      'c.invoice_id',
      'c.kind',
      'i.due_date',
      sql<number>`sum(a.amount_minor)::bigint`.as('amount_minor'),
    ])
    .where('a.payment_id', 'in', payers)
    .groupBy(['a.charge_id', 'c.invoice_id', 'c.kind', 'i.due_date'])
    .execute();
  const entity = await executor
    .selectFrom('entities')
    .select('allocation_order')
    .where('id', '=', reversal.entityId)
    .executeTakeFirstOrThrow();
  // Rank 0 is taken back first: the component that the allocation order settles last.
  const componentRank =
    entity.allocation_order === 'costs_interest_principal'
      ? { principal: 0, interest: 1, costs: 2 }
      : { costs: 0, interest: 1, principal: 2 };

  const rows = [
    ...principal.map((row) => ({
      invoiceId: row.invoice_id,
      chargeId: null,
      dueDate: row.due_date,
      rank: componentRank.principal,
      amountMinor: Number(row.amount_minor),
    })),
    ...charges.map((row) => ({
      invoiceId: row.invoice_id,
      chargeId: row.charge_id,
      dueDate: row.due_date,
      rank: row.kind === 'interest' ? componentRank.interest : componentRank.costs,
      amountMinor: Number(row.amount_minor),
    })),
  ];
  rows.sort(
    (a, b) =>
      b.dueDate.localeCompare(a.dueDate) ||
      b.invoiceId.localeCompare(a.invoiceId) ||
      a.rank - b.rank,
  );

  return rows
    .filter((row) => row.amountMinor > 0)
    .map(({ invoiceId, chargeId, amountMinor }) => ({ invoiceId, chargeId, amountMinor }));
}

/** Selects the ids of the receipt and its earlier reversals, leaving out the reversal booked now. */
function payerIds(executor: Executor, reversal: ReversalToMatch, originalId: string) {
  return executor
    .selectFrom('payments')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', originalId), eb('reverses_payment_id', '=', originalId)]))
    .where('id', '<>', reversal.paymentId);
}

/** Writes the parts, negated, as allocations and charge allocations of the reversal. */
async function writeNegatedParts(
  executor: Executor,
  reversal: ReversalToMatch,
  parts: NetPart[],
): Promise<void> {
  const principal = parts.filter((part) => part.chargeId === null);
  if (principal.length > 0) {
    await executor
      .insertInto('allocations')
      .values(
        principal.map((part) => ({
          organisation_id: reversal.organisationId,
          payment_id: reversal.paymentId,
          invoice_id: part.invoiceId,
          amount_minor: -part.amountMinor,
        })),
      )
      .execute();
  }
  const charges = parts.flatMap((part) =>
    part.chargeId === null ? [] : [{ ...part, chargeId: part.chargeId }],
  );
  if (charges.length > 0) {
    await executor
      .insertInto('charge_allocations')
      .values(
        charges.map((part) => ({
          organisation_id: reversal.organisationId,
          payment_id: reversal.paymentId,
          charge_id: part.chargeId,
          amount_minor: -part.amountMinor,
        })),
      )
      .execute();
  }
}
