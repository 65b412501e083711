import type { DatabaseHandle, Executor } from '../db/database.ts';
import type { Channel, Entity, PromiseStatus, StepConditions, StepScope } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addEntity, type AddEntityInput } from '../entities/add-entity.ts';
import { parseAmount } from '../money/money.ts';
import { createOrganisation } from '../organisations/organisations.ts';
import type { DunningExplanation, DunningRunSummary, ProfileStep } from './dunning-types.ts';
import { runDunning } from './run-dunning.ts';

/** Small factories for dunning tests: rows are inserted directly, amounts are decimal text in EUR. */
export const ACTOR = 'test';

/** For beforeAll: creating and migrating a PGlite database takes long on a busy machine. */
export const SETUP_TIMEOUT_MS = 180_000;

export interface TestTenant {
  organisationId: string;
  entity: Entity;
}

/**
 * Sending rules that change nothing: every day a sending day, no public
 * holidays, no weekly contact limit. The dunning tests of other rules use
 * these, so their run dates may fall on any day. The tests of the sending
 * rules pass their own.
 */
export const NO_SENDING_RULES = {
  workingDays: [1, 2, 3, 4, 5, 6, 7],
  holidayCalendar: null,
  maxContactsPerWeek: null,
} satisfies Partial<AddEntityInput>;

/** Creates a live organisation with one entity, by default with NO_SENDING_RULES. */
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
  const input = {
    code: 'E1',
    name: 'Entity One',
    currency: 'EUR',
    country: 'NL',
    ...NO_SENDING_RULES,
    ...entity,
  };
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

/** The step options of migration 0016 at their defaults: debtor scope, no costs, interest or attachments. */
export const PLAIN_STEP_OPTIONS = {
  scope: 'debtor',
  addsCollectionCosts: false,
  addsInterest: false,
  attachInvoiceCopies: false,
  attachLetter: false,
} satisfies Partial<ProfileStep>;

export interface TestStep {
  name: string;
  dayOffset: number;
  channel?: Channel;
  minimum?: string;
  minDaysSincePrevious?: number;
  conditions?: StepConditions;
  /** The message template; the step name when absent. */
  templateKey?: string;
  scope?: StepScope;
  addsCollectionCosts?: boolean;
  addsInterest?: boolean;
  /** Set to mark the step removed from its profile. */
  removedAt?: Date;
}

/** Adds a succession profile with `steps` and a segment that uses it; returns the segment id. */
export async function insertProfileSegment(
  trx: Executor,
  tenant: TestTenant,
  values: {
    name: string;
    steps: TestStep[];
    /** The profile that replaces this one from `threshold` broken promises on. */
    stricter?: { profileId: string; threshold: number };
  },
): Promise<string> {
  const profileId = await insertProfile(trx, tenant, values);
  const segment = await trx
    .insertInto('segments')
    .values({
      organisation_id: tenant.organisationId,
      name: values.name,
      profile_id: profileId,
      rules: JSON.stringify([]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return segment.id;
}

/** Adds a succession profile with `steps`, without a segment; returns the profile id. */
export async function insertProfile(
  trx: Executor,
  tenant: TestTenant,
  values: { name: string; steps: TestStep[]; stricter?: { profileId: string; threshold: number } },
): Promise<string> {
  const profile = await trx
    .insertInto('succession_profiles')
    .values({
      organisation_id: tenant.organisationId,
      name: values.name,
      stricter_profile_id: values.stricter?.profileId ?? null,
      broken_promises_threshold: values.stricter?.threshold ?? null,
    })
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
        template_key: step.templateKey ?? step.name,
        minimum_amount_minor: parseAmount(step.minimum ?? '0', 'EUR'),
        min_days_since_previous: step.minDaysSincePrevious ?? 0,
        conditions: JSON.stringify(step.conditions ?? {}),
        scope: step.scope ?? 'debtor',
        adds_collection_costs: step.addsCollectionCosts ?? false,
        adds_interest: step.addsInterest ?? false,
        removed_at: step.removedAt ?? null,
      })),
    )
    .execute();

  return profile.id;
}

/** Records a promise to pay of the debtor in EUR; returns its id. */
export async function insertPromise(
  trx: Executor,
  tenant: TestTenant,
  values: {
    debtorId: string;
    promisedDate: string;
    amount: string;
    status?: PromiseStatus;
    /** When the promise was made; payments count towards it from this day on. */
    createdAt?: string;
  },
): Promise<string> {
  const row = await trx
    .insertInto('promises')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      debtor_id: values.debtorId,
      call_task_id: null,
      promised_date: values.promisedDate,
      currency: 'EUR',
      amount_minor: parseAmount(values.amount, 'EUR'),
      status: values.status ?? 'open',
      note: null,
      created_by: ACTOR,
      ...(values.createdAt && { created_at: values.createdAt }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return row.id;
}

/** Holds the debtor's dunning with `reason` until `until` (null: until lifted). */
export async function holdDebtor(
  trx: Executor,
  values: { debtorId: string; reason: string; until: string | null },
): Promise<void> {
  await trx
    .updateTable('debtors')
    .set({
      dunning_hold_reason: values.reason,
      dunning_hold_until: values.until,
      dunning_held_by: ACTOR,
      dunning_held_at: new Date(),
    })
    .where('id', '=', values.debtorId)
    .execute();
}

export function runOn(
  database: DatabaseHandle,
  tenant: TestTenant,
  asOf: string,
  dryRun = false,
  options: { includeOnHold?: boolean } = {},
): Promise<DunningRunSummary> {
  return withOrganisation(database, tenant.organisationId, (trx) =>
    runDunning(trx, {
      organisationId: tenant.organisationId,
      entityId: tenant.entity.id,
      asOf,
      dryRun,
      includeOnHold: options.includeOnHold,
      actor: ACTOR,
    }),
  );
}

/** Adds an issue category (in a new business process); returns its id. */
export async function insertIssueCategory(
  trx: Executor,
  tenant: TestTenant,
  values: {
    name: string;
    names?: Record<string, string>;
    pausesDunning: boolean;
    resumeAfterDays?: number;
  },
): Promise<string> {
  const process = await trx
    .insertInto('business_processes')
    .values({ organisation_id: tenant.organisationId, name: `Process of ${values.name}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const category = await trx
    .insertInto('issue_categories')
    .values({
      organisation_id: tenant.organisationId,
      process_id: process.id,
      name: values.name,
      names: JSON.stringify(values.names ?? {}),
      pauses_dunning: values.pausesDunning,
      days_to_resolve: 14,
      department_id: null,
      assignee_user_id: null,
      escalation_user_id: null,
      escalation_email: null,
      resume_after_days: values.resumeAfterDays ?? 7,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  return category.id;
}

/**
 * Opens an issue on `invoiceIds`, or on the whole debtor when the list is
 * empty; returns its id and number.
 */
export async function insertIssue(
  trx: Executor,
  tenant: TestTenant,
  values: { debtorId: string; categoryId: string; invoiceIds: string[]; openedOn?: string },
): Promise<{ id: string; number: number }> {
  const openedOn = values.openedOn ?? '2024-04-15';
  const issue = await trx
    .insertInto('issues')
    .values({
      organisation_id: tenant.organisationId,
      entity_id: tenant.entity.id,
      debtor_id: values.debtorId,
      category_id: values.categoryId,
      department_id: null,
      assignee_user_id: null,
      deadline: openedOn,
      opened_by: ACTOR,
      opened_on: openedOn,
      closed_on: null,
      resolved_at: null,
      outcome: null,
      escalated_at: null,
    })
    .returning(['id', 'number'])
    .executeTakeFirstOrThrow();
  if (values.invoiceIds.length > 0) {
    await trx
      .insertInto('issue_invoices')
      .values(
        values.invoiceIds.map((invoiceId) => ({
          organisation_id: tenant.organisationId,
          entity_id: tenant.entity.id,
          issue_id: issue.id,
          invoice_id: invoiceId,
        })),
      )
      .execute();
  }

  return issue;
}

/** Resolves an issue on the business date `closedOn`, in favour of the creditor. */
export async function resolveIssue(
  trx: Executor,
  values: { issueId: string; closedOn: string },
): Promise<void> {
  await trx
    .updateTable('issues')
    .set({
      status: 'resolved',
      outcome: 'favour_creditor',
      closed_on: values.closedOn,
      resolved_at: new Date(),
    })
    .where('id', '=', values.issueId)
    .execute();
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
