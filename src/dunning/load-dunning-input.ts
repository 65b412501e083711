import { sql } from 'kysely';
import {
  loadArrangementRunState,
  type ArrangementRunState,
} from '../arrangements/arrangement-holds.ts';
import type { Executor } from '../db/database.ts';
import type { Entity } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { selectOpenInvoices, type OpenInvoice } from '../invoices/open-invoices.ts';
import { loadIssueHolds, type IssueHold } from '../issues/issue-holds.ts';
import { loadSendingCalendar, type SendingCalendar } from '../calendar/sending-days.ts';
import { countBrokenPromises } from '../promises/broken-promises.ts';
import { loadPromiseHolds, type PromiseHold } from '../promises/promise-holds.ts';
import { loadContactCounts } from './load-contact-counts.ts';
import type {
  ExplainedSegment,
  ProfileEscalation,
  ProfileStep,
  ReachedStep,
} from './dunning-types.ts';
import {
  chooseProfile,
  explainSegment,
  loadLatestSegmentChanges,
  loadProfileCatalogue,
  type ProfileCatalogue,
} from './load-run-profiles.ts';

/** A contact of a debtor whose role makes it a reminder address. */
export interface ReminderContact {
  role: 'invoices' | 'reminders' | 'general';
  name: string | null;
  email: string | null;
  mobile: string | null;
  fax: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
}

export interface DebtorForRun {
  id: string;
  number: string;
  name: string;
  kind: 'b2b' | 'b2c';
  /** The debtor's own language, or the entity's when the debtor has none. */
  language: string;
  email: string | null;
  phone: string | null;
  addressLine: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  contacts: ReminderContact[];
  /** Mobile numbers that a failed SMS delivery marked unusable for this debtor. */
  invalidMobileNumbers?: string[];
  /** E-mail addresses, in lower case, that a bounce marked unusable for this debtor. */
  invalidEmailAddresses?: string[];
  /** Phone numbers that a call marked as wrong for this debtor. */
  invalidPhoneNumbers?: string[];
  /**
   * The succession profile the run uses: the profile of the debtor's segment
   * (the default segment when none is set), or its stricter profile when
   * `escalation` is set. Only steps still on the profile are listed.
   */
  profile: { id: string; name: string; steps: ProfileStep[] } | undefined;
  /** Present when the stricter profile replaced the segment's profile. */
  escalation?: ProfileEscalation;
  /** The debtor's segment and how the debtor came into it; absent when not loaded. */
  segment?: ExplainedSegment;
  /** The debtor hold set from batch review (debtors.dunning_hold_reason and dunning_hold_until). */
  hold?: { reason: string; until: PlainDate | null };
  /** Open promises to pay dated on or after the run date, oldest first; each pauses its currency. */
  promiseHolds?: PromiseHold[];
}

/** Everything a dunning run decides on, read in a few set-based queries. */
export interface DunningInput {
  entity: Entity;
  asOf: PlainDate;
  invoices: OpenInvoice[];
  debtors: Map<string, DebtorForRun>;
  /** Steps reached so far, by invoice id. */
  reached: Map<string, ReachedStep[]>;
  /** `debtorId:stepId` pairs whose message of a run on `asOf` was removed from its batch. */
  removedOnRunDate: Set<string>;
  /** Invoices held out of dunning by an issue; empty when the run includes invoices on hold. */
  issueHolds: Map<string, IssueHold>;
  /**
   * Whether invoices on hold (import hold code or issue) are reminded like
   * the others. Debtor holds and promise holds apply either way.
   */
  includeOnHold: boolean;
  /** The entity's working days, public holidays and closing days. */
  calendar: SendingCalendar;
  /** Messages and call tasks per debtor in the 7 days up to `asOf` (see loadContactCounts). */
  contactCounts: Map<string, number>;
  /** Invoices an active arrangement holds, and those resuming after a broken one; none when absent. */
  arrangements?: ArrangementRunState;
}

/**
 * Reads the entity's open invoices on `asOf` with their debtors, profiles,
 * dunning state and holds (issues, debtor holds, promises to pay).
 * `includeOnHold` defaults to false.
 */
export async function loadDunningInput(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; includeOnHold?: boolean | undefined },
): Promise<DunningInput> {
  const entity = await executor
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }

  const invoices = await selectOpenInvoices(executor, params).execute();
  const catalogue = await loadProfileCatalogue(executor);
  const debtorIds = [...new Set(invoices.map((invoice) => invoice.debtor_id))];
  const debtors = await loadDebtors(executor, { entity, debtorIds, catalogue, asOf: params.asOf });
  const reached = await loadReachedSteps(executor, params);
  const removedOnRunDate = await loadRemovedOnRunDate(executor, params);
  const includeOnHold = params.includeOnHold ?? false;
  const issueHolds = includeOnHold
    ? new Map<string, IssueHold>()
    : await loadIssueHolds(executor, { entityId: params.entityId, asOf: params.asOf });
  const calendar = await loadSendingCalendar(executor, {
    organisationId: entity.organisation_id,
    entityId: entity.id,
  });
  const contactCounts =
    entity.max_contacts_per_week === null
      ? new Map<string, number>()
      : await loadContactCounts(executor, { debtorIds, asOf: params.asOf });
  const arrangements = await loadArrangementRunState(executor, params);

  return {
    entity,
    asOf: params.asOf,
    invoices,
    debtors,
    reached,
    removedOnRunDate,
    issueHolds,
    includeOnHold,
    calendar,
    contactCounts,
    arrangements,
  };
}

/**
 * The debtors of the open invoices, with their reminder contacts. The ids
 * come from the invoices already read: a subquery on invoices here made the
 * planner loop over the invoice index once per debtor when statistics were
 * missing, as they are right after an import.
 */
async function loadDebtors(
  executor: Executor,
  params: { entity: Entity; debtorIds: string[]; catalogue: ProfileCatalogue; asOf: PlainDate },
): Promise<Map<string, DebtorForRun>> {
  if (params.debtorIds.length === 0) {
    return new Map();
  }
  const ids = sql<string>`any(${params.debtorIds}::uuid[])`;
  const rows = await executor
    .selectFrom('debtors')
    .selectAll()
    .where('entity_id', '=', params.entity.id)
    .where('id', '=', ids)
    .execute();
  const contacts = await executor
    .selectFrom('contacts')
    .selectAll()
    .where('debtor_id', '=', ids)
    .orderBy('created_at')
    .execute();

  const scope = { entityId: params.entity.id, asOf: params.asOf, debtorIds: params.debtorIds };
  const brokenPromises = hasEscalation(params.catalogue)
    ? await countBrokenPromises(executor, scope)
    : new Map<string, number>();
  const segmentChanges = await loadLatestSegmentChanges(executor, params.debtorIds);
  const promiseHolds = await loadPromiseHolds(executor, scope);

  const debtors = new Map<string, DebtorForRun>();
  for (const row of rows) {
    const choice = chooseProfile(params.catalogue, row.segment_id, brokenPromises.get(row.id) ?? 0);
    const segment = explainSegment(
      params.catalogue,
      {
        segmentId: row.segment_id,
        segmentPinned: row.segment_pinned,
        segmentPinnedBy: row.segment_pinned_by,
      },
      segmentChanges.get(row.id),
    );
    debtors.set(row.id, {
      id: row.id,
      number: row.number,
      name: row.name,
      kind: row.kind,
      language: row.language ?? params.entity.language,
      email: row.email,
      phone: row.phone,
      addressLine: row.address_line,
      postalCode: row.postal_code,
      city: row.city,
      country: row.country,
      contacts: [],
      invalidMobileNumbers: [],
      invalidEmailAddresses: [],
      invalidPhoneNumbers: [],
      profile: choice.profile && {
        id: choice.profile.id,
        name: choice.profile.name,
        steps: choice.profile.steps,
      },
      ...(choice.escalation && { escalation: choice.escalation }),
      segment,
      ...(row.dunning_hold_reason !== null && {
        hold: { reason: row.dunning_hold_reason, until: row.dunning_hold_until },
      }),
      promiseHolds: promiseHolds.get(row.id) ?? [],
    });
  }
  for (const contact of contacts) {
    debtors.get(contact.debtor_id)?.contacts.push({
      role: contact.role,
      name: contact.name,
      email: contact.email,
      mobile: contact.mobile,
      fax: contact.fax,
      addressLine: contact.address_line,
      postalCode: contact.postal_code,
      city: contact.city,
      country: contact.country,
    });
  }
  const invalidNumbers = await executor
    .selectFrom('invalid_mobile_numbers')
    .select(['debtor_id', 'number'])
    .where('debtor_id', '=', ids)
    .execute();
  for (const flagged of invalidNumbers) {
    debtors.get(flagged.debtor_id)?.invalidMobileNumbers?.push(flagged.number);
  }
  const invalidAddresses = await executor
    .selectFrom('invalid_email_addresses')
    .select(['debtor_id', 'address'])
    .where('debtor_id', '=', ids)
    .execute();
  for (const flagged of invalidAddresses) {
    debtors.get(flagged.debtor_id)?.invalidEmailAddresses?.push(flagged.address);
  }
  const wrongNumbers = await executor
    .selectFrom('invalid_phone_numbers')
    .select(['debtor_id', 'number'])
    .where('debtor_id', '=', ids)
    .execute();
  for (const flagged of wrongNumbers) {
    debtors.get(flagged.debtor_id)?.invalidPhoneNumbers?.push(flagged.number);
  }

  return debtors;
}

function hasEscalation(catalogue: ProfileCatalogue): boolean {
  return [...catalogue.profiles.values()].some((profile) => profile.stricter !== null);
}

/**
 * Reads the steps each open invoice has reached, removed steps and steps of
 * other profiles included, so that an invoice never goes back on its timeline.
 */
async function loadReachedSteps(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<Map<string, ReachedStep[]>> {
  const rows = await executor
    .selectFrom('dunning_states as ds')
    .innerJoin('steps as s', 's.id', 'ds.step_id')
    .innerJoin('invoices as i', 'i.id', 'ds.invoice_id')
    .select(['ds.invoice_id', 'ds.step_id', 'ds.reached_on', 's.day_offset'])
    .where('i.entity_id', '=', params.entityId)
    .where((eb) => eb.or([eb('i.closed_on', 'is', null), eb('i.closed_on', '>', params.asOf)]))
    .execute();

  const reached = new Map<string, ReachedStep[]>();
  for (const row of rows) {
    const list = reached.get(row.invoice_id) ?? [];
    list.push({ stepId: row.step_id, dayOffset: row.day_offset, reachedOn: row.reached_on });
    reached.set(row.invoice_id, list);
  }

  return reached;
}

/**
 * Removing a message from its batch gives its invoices back their step (see
 * removeMessage), so a later run may propose it again. A rerun of the same
 * date must not, because the removal would then undo itself within the day.
 */
async function loadRemovedOnRunDate(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate },
): Promise<Set<string>> {
  const rows = await executor
    .selectFrom('messages as m')
    .innerJoin('dunning_runs as r', 'r.id', 'm.run_id')
    .select(['m.debtor_id', 'm.step_id'])
    .where('m.entity_id', '=', params.entityId)
    .where('m.status', '=', 'removed')
    .where('r.run_date', '=', params.asOf)
    .execute();

  return new Set(rows.map((row) => `${row.debtor_id}:${row.step_id}`));
}
