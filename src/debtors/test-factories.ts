import type { TenantTransaction } from '../db/tenant.ts';
import { addEntity } from '../entities/add-entity.ts';

/**
 * Small factories for tests of debtor queries: each inserts one row with
 * defaults that the caller overrides. Run them inside withOrganisation.
 */
export async function buildEntity(
  trx: TenantTransaction,
  organisationId: string,
  overrides: { code?: string; currency?: string; country?: string; workingDays?: number[] } = {},
) {
  return addEntity(trx, {
    organisationId,
    actor: 'test',
    input: {
      code: overrides.code ?? 'NL01',
      name: `Entity ${overrides.code ?? 'NL01'}`,
      currency: overrides.currency ?? 'EUR',
      country: overrides.country ?? 'NL',
      ...(overrides.workingDays ? { workingDays: overrides.workingDays } : {}),
    },
  });
}

export async function buildDebtor(
  trx: TenantTransaction,
  entity: { id: string; organisation_id: string },
  overrides: { number: string; name?: string; email?: string | null; language?: string | null },
) {
  return trx
    .insertInto('debtors')
    .values({
      organisation_id: entity.organisation_id,
      entity_id: entity.id,
      number: overrides.number,
      name: overrides.name ?? `Debtor ${overrides.number}`,
      email: overrides.email === undefined ? `${overrides.number}@example.com` : overrides.email,
      language: overrides.language ?? null,
      custom: JSON.stringify({}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildInvoice(
  trx: TenantTransaction,
  debtor: { id: string; organisation_id: string; entity_id: string },
  overrides: {
    number: string;
    amountMinor: number;
    dueDate: string;
    invoiceDate?: string;
    currency?: string;
    kind?: 'invoice' | 'credit_note';
    holdReason?: string;
    holdUntil?: string;
    closedOn?: string;
  },
) {
  return trx
    .insertInto('invoices')
    .values({
      organisation_id: debtor.organisation_id,
      entity_id: debtor.entity_id,
      debtor_id: debtor.id,
      number: overrides.number,
      kind: overrides.kind ?? (overrides.amountMinor < 0 ? 'credit_note' : 'invoice'),
      invoice_date: overrides.invoiceDate ?? '2025-01-01',
      due_date: overrides.dueDate,
      currency: overrides.currency ?? 'EUR',
      amount_minor: overrides.amountMinor,
      hold_reason: overrides.holdReason ?? null,
      hold_until: overrides.holdUntil ?? null,
      closed_on: overrides.closedOn ?? null,
      custom: JSON.stringify({}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Inserts a payment of the debtor, allocated in full to one invoice. */
export async function buildPayment(
  trx: TenantTransaction,
  invoice: { id: string; organisation_id: string; entity_id: string; debtor_id: string },
  overrides: { amountMinor: number; paymentDate: string; reference?: string },
) {
  const payment = await trx
    .insertInto('payments')
    .values({
      organisation_id: invoice.organisation_id,
      entity_id: invoice.entity_id,
      debtor_id: invoice.debtor_id,
      payment_date: overrides.paymentDate,
      currency: 'EUR',
      amount_minor: overrides.amountMinor,
      source: 'bank',
      reference: overrides.reference ?? null,
      external_key: `${invoice.id}-${overrides.paymentDate}-${overrides.amountMinor}`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('allocations')
    .values({
      organisation_id: invoice.organisation_id,
      payment_id: payment.id,
      invoice_id: invoice.id,
      amount_minor: overrides.amountMinor,
    })
    .execute();

  return payment;
}

/**
 * Records that an invoice reached the profile step `stepName` on a date,
 * through a call task of a dunning run, as a run would.
 */
export async function buildReachedStep(
  trx: TenantTransaction,
  invoice: { id: string; organisation_id: string; entity_id: string; debtor_id: string },
  params: { stepName: string; reachedOn: string },
) {
  const step = await trx
    .selectFrom('steps')
    .select('id')
    .where('name', '=', params.stepName)
    .executeTakeFirstOrThrow();
  const run = await trx
    .insertInto('dunning_runs')
    .values({
      organisation_id: invoice.organisation_id,
      entity_id: invoice.entity_id,
      run_date: params.reachedOn,
      summary: JSON.stringify({}),
      skipped: JSON.stringify([]),
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const callTask = await trx
    .insertInto('call_tasks')
    .values({
      organisation_id: invoice.organisation_id,
      entity_id: invoice.entity_id,
      run_id: run.id,
      debtor_id: invoice.debtor_id,
      step_id: step.id,
      due_date: params.reachedOn,
      currency: 'EUR',
      total_minor: 0,
      explanation: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('dunning_states')
    .values({
      organisation_id: invoice.organisation_id,
      invoice_id: invoice.id,
      step_id: step.id,
      reached_on: params.reachedOn,
      run_id: run.id,
      call_task_id: callTask.id,
    })
    .execute();

  return { runId: run.id, stepId: step.id, callTaskId: callTask.id };
}
