import type { DatabaseHandle, Executor } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addEntity } from '../entities/add-entity.ts';
import { createOrganisation } from '../organisations/organisations.ts';

/** Factories for the ageing tests: the smallest rows that make an invoice open on a date. */
export interface AgeingScope {
  organisationId: string;
  entityId: string;
}

const actor = 'test';

export async function buildAgeingScope(
  database: DatabaseHandle,
  overrides: { slug?: string; entityCode?: string; currency?: string } = {},
): Promise<AgeingScope> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug: overrides.slug ?? 'ageing',
    name: 'Ageing test organisation',
    actor,
  });
  const entity = await withOrganisation(database, organisation.id, (trx) =>
    addEntity(trx, {
      organisationId: organisation.id,
      actor,
      input: {
        code: overrides.entityCode ?? 'NL01',
        name: 'Ageing test entity',
        currency: overrides.currency ?? 'EUR',
        country: 'NL',
      },
    }),
  );

  return { organisationId: organisation.id, entityId: entity.id };
}

export async function buildDebtor(
  executor: Executor,
  scope: AgeingScope,
  overrides: { number?: string; name?: string } = {},
): Promise<string> {
  const debtor = await executor
    .insertInto('debtors')
    .values({
      organisation_id: scope.organisationId,
      entity_id: scope.entityId,
      number: overrides.number ?? 'D-100',
      name: overrides.name ?? 'Alder Trading',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return debtor.id;
}

export async function buildInvoice(
  executor: Executor,
  scope: AgeingScope,
  values: {
    debtorId: string;
    number: string;
    dueDate: string;
    amountMinor: number;
    invoiceDate?: string;
    kind?: 'invoice' | 'credit_note';
    currency?: string;
  },
): Promise<string> {
  const invoice = await executor
    .insertInto('invoices')
    .values({
      organisation_id: scope.organisationId,
      entity_id: scope.entityId,
      debtor_id: values.debtorId,
      number: values.number,
      kind: values.kind ?? 'invoice',
      invoice_date: values.invoiceDate ?? '2024-01-01',
      due_date: values.dueDate,
      currency: values.currency ?? 'EUR',
      amount_minor: values.amountMinor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return invoice.id;
}

/** Inserts a payment of the allocated total and its allocations to the given invoices. */
export async function buildPayment(
  executor: Executor,
  scope: AgeingScope,
  values: {
    paymentDate: string;
    allocations: Array<{ invoiceId: string; amountMinor: number }>;
    currency?: string;
  },
): Promise<void> {
  const total = values.allocations.reduce((sum, allocation) => sum + allocation.amountMinor, 0);
  const payment = await executor
    .insertInto('payments')
    .values({
      organisation_id: scope.organisationId,
      entity_id: scope.entityId,
      payment_date: values.paymentDate,
      currency: values.currency ?? 'EUR',
      amount_minor: total,
      source: 'manual',
      external_key: `${values.paymentDate}-${values.allocations.map((a) => a.invoiceId).join(',')}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await executor
    .insertInto('allocations')
    .values(
      values.allocations.map((allocation) => ({
        organisation_id: scope.organisationId,
        payment_id: payment.id,
        invoice_id: allocation.invoiceId,
        amount_minor: allocation.amountMinor,
      })),
    )
    .execute();
}
