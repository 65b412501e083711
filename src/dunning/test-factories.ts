import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { Channel, Entity, StepConditions } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addEntity, type AddEntityInput } from '../entities/add-entity.ts';
import { parseAmount } from '../money/money.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import type { DunningExplanation, DunningRunSummary } from './dunning-types.ts';
import { runDunning } from './run-dunning.ts';

/** Small factories for dunning tests: rows are inserted directly, amounts are decimal text in EUR. */
export const ACTOR = 'test';

/** For beforeAll: creating and migrating a PGlite database takes long on a busy machine. */
export const SETUP_TIMEOUT_MS = 180_000;

export interface TestTenant {
  organisationId: string;
  entity: Entity;
}

export async function createTenant(
  database: DatabaseHandle,
  slug: string,
  entity: Partial<AddEntityInput> = {},
): Promise<TestTenant> {
  const organisation = await createOrganisation(database, {
    live: true,
    slug,
    name: slug,
    actor: ACTOR,
  });
  const input = { code: 'E1', name: 'Entity One', currency: 'EUR', country: 'NL', ...entity };
  const created = await withOrganisation(database, organisation.id, (trx) =>
    addEntity(trx, { organisationId: organisation.id, actor: ACTOR, input }),
  );

  return { organisationId: organisation.id, entity: created };
}

export async function insertDebtor(
  trx: Executor,
  tenant: TestTenant,
  values: {
    number: string;
    name?: string;
    kind?: 'b2b' | 'b2c';
    language?: string | null;
    email?: string | null;
    addressLine?: string | null;
    postalCode?: string | null;
    city?: string | null;
    segmentId?: string | null;
  },
): Promise<string> {
  const row = await trx
    .insertInto('debtors')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      number: values.number,
      name: values.name ?? `Debtor ${values.number}`,
      kind: values.kind ?? 'b2b',
      language: values.language === undefined ? 'en' : values.language,
      email:
        values.email === undefined ? `${values.number.toLowerCase()}@example.test` : values.email,
      address_line: values.addressLine ?? null,
      postal_code: values.postalCode ?? null,
      city: values.city ?? null,
      segment_id: values.segmentId ?? null,
      country: null,
      phone: null,
      coc_number: null,
      vat_number: null,
      risk_score: null,
      credit_limit_minor: null,
      custom: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

export async function insertInvoice(
  trx: Executor,
  tenant: TestTenant,
  values: {
    debtorId: string;
    number: string;
    dueDate: string;
    amount: string;
    invoiceDate?: string;
    kind?: 'invoice' | 'credit_note';
    currency?: string;
    holdReason?: string | null;
    holdUntil?: string | null;
  },
): Promise<string> {
  const currency = values.currency ?? 'EUR';
  const row = await trx
    .insertInto('invoices')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      debtor_id: values.debtorId,
      number: values.number,
      kind: values.kind ?? 'invoice',
      invoice_date: values.invoiceDate ?? '2023-01-01',
      due_date: values.dueDate,
      currency,
      amount_minor: parseAmount(values.amount, currency),
      closed_on: null,
      hold_reason: values.holdReason ?? null,
      hold_until: values.holdUntil ?? null,
      custom: JSON.stringify({}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

/** Books a payment on `date` allocated in full to one invoice. */
export async function insertPayment(
  trx: Executor,
  tenant: TestTenant,
  values: { debtorId: string; invoiceId: string; date: string; amount: string },
): Promise<void> {
  const amountMinor = parseAmount(values.amount, 'EUR');
  const payment = await trx
    .insertInto('payments')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      debtor_id: values.debtorId,
      payment_date: values.date,
      currency: 'EUR',
      amount_minor: amountMinor,
      source: 'manual',
      reference: null,
      external_key: `${values.invoiceId}:${values.date}:${values.amount}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('allocations')
    .values({
      organisation_id: tenant.organisationId,
      payment_id: payment.id,
      invoice_id: values.invoiceId,
      amount_minor: amountMinor,
    })
    .execute();
}

export interface TestStep {
  name: string;
  dayOffset: number;
  channel?: Channel;
  minimum?: string;
  minDaysSincePrevious?: number;
  conditions?: StepConditions;
}

/** Adds a succession profile with `steps` and a segment that uses it; returns the segment id. */
export async function insertProfileSegment(
  trx: Executor,
  tenant: TestTenant,
  values: { name: string; steps: TestStep[] },
): Promise<string> {
  const profile = await trx
    .insertInto('succession_profiles')
    .values({ organisation_id: tenant.organisationId, name: values.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('steps')
    .values(
      values.steps.map((step) => ({
        organisation_id: tenant.organisationId,
        profile_id: profile.id,
        name: step.name,
        day_offset: step.dayOffset,
        channel: step.channel ?? 'email',
        template_key: step.name,
        minimum_amount_minor: parseAmount(step.minimum ?? '0', 'EUR'),
        min_days_since_previous: step.minDaysSincePrevious ?? 0,
        conditions: JSON.stringify(step.conditions ?? {}),
      })),
    )
    .execute();
  const segment = await trx
    .insertInto('segments')
    .values({
      organisation_id: tenant.organisationId,
      name: values.name,
      profile_id: profile.id,
      rules: JSON.stringify([]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return segment.id;
}

export function runOn(
  database: DatabaseHandle,
  tenant: TestTenant,
  asOf: string,
  dryRun = false,
): Promise<DunningRunSummary> {
  return withOrganisation(database, tenant.organisationId, (trx) =>
    runDunning(trx, {
      organisationId: tenant.organisationId,
      entityId: tenant.entity.id,
      asOf,
      dryRun,
      actor: ACTOR,
    }),
  );
}

export interface StoredMessage {
  id: string;
  debtorNumber: string;
  step: string;
  channel: string;
  language: string;
  recipient: string | null;
  paymentReference: string | null;
  total: number;
  status: string;
  runDate: string;
  explanation: DunningExplanation;
}

/** Reads the tenant's messages with their run date, oldest run first. */
export async function readMessages(
  database: DatabaseHandle,
  tenant: TestTenant,
): Promise<StoredMessage[]> {
  const rows = await withOrganisation(database, tenant.organisationId, (trx) =>
    trx
      .selectFrom('messages as m')
      .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
      .innerJoin('steps as s', 's.id', 'm.step_id')
      .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
      .select([
        'm.id',
        'd.number',
        's.name',
        'm.channel',
        'm.language',
        'm.recipient',
        'm.payment_reference',
        'm.total_minor',
        'm.status',
        'r.run_date',
        'm.explanation',
      ])
      .orderBy('r.run_date')
      .orderBy('d.number')
      .execute(),
  );

  return rows.map((row) => ({
    id: row.id,
    debtorNumber: row.number,
    step: row.name,
    channel: row.channel,
    language: row.language,
    recipient: row.recipient,
    paymentReference: row.payment_reference,
    total: row.total_minor,
    status: row.status,
    runDate: row.run_date,
    explanation: row.explanation as DunningExplanation,
  }));
}
