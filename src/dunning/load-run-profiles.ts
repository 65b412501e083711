import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { SegmentChangeSource, StepConditions } from '../db/schema.ts';
import type { ExplainedSegment, ProfileEscalation, ProfileStep } from './dunning-types.ts';

/** A succession profile with its active steps, sorted by day offset. */
export interface RunProfile {
  id: string;
  name: string;
  steps: ProfileStep[];
  /** The profile that replaces this one from `threshold` broken promises on; null for none. */
  stricter: { profileId: string; threshold: number } | null;
}

interface RunSegment {
  id: string;
  name: string;
  isDefault: boolean;
  profileId: string;
}

/** The organisation's segments and profiles, read once per run. */
export interface ProfileCatalogue {
  profiles: Map<string, RunProfile>;
  segments: Map<string, RunSegment>;
  defaultSegment: RunSegment | undefined;
}

/** The profile a debtor is reminded with, and why. */
export interface ProfileChoice {
  profile: RunProfile | undefined;
  /** Present when the stricter profile replaced the segment's profile. */
  escalation?: ProfileEscalation;
}

/** The latest logged segment change of a debtor. */
export interface SegmentChange {
  toSegmentId: string | null;
  reason: string;
  source: SegmentChangeSource;
}

/**
 * Reads every segment and succession profile of the organisation, with the
 * steps that are still on their profile. Removed steps (removed_at set) are
 * left out, but loadReachedSteps still reads the dunning states that refer
 * to them, so an invoice that reached one never goes back.
 */
export async function loadProfileCatalogue(executor: Executor): Promise<ProfileCatalogue> {
  const profileRows = await executor
    .selectFrom('succession_profiles')
    .select(['id', 'name', 'stricter_profile_id', 'broken_promises_threshold'])
    .execute();
  const segmentRows = await executor
    .selectFrom('segments')
    .select(['id', 'name', 'is_default', 'profile_id'])
    .execute();
  const stepsByProfile = await loadActiveSteps(executor);

  const profiles = new Map<string, RunProfile>();
  for (const row of profileRows) {
    const stricter =
      row.stricter_profile_id !== null && row.broken_promises_threshold !== null
        ? { profileId: row.stricter_profile_id, threshold: row.broken_promises_threshold }
        : null;
    profiles.set(row.id, {
      id: row.id,
      name: row.name,
      steps: stepsByProfile.get(row.id) ?? [],
      stricter,
    });
  }
  const segments = new Map<string, RunSegment>();
  for (const row of segmentRows) {
    segments.set(row.id, {
      id: row.id,
      name: row.name,
      isDefault: row.is_default,
      profileId: row.profile_id,
    });
  }

  return {
    profiles,
    segments,
    defaultSegment: [...segments.values()].find((segment) => segment.isDefault),
  };
}

async function loadActiveSteps(executor: Executor): Promise<Map<string, ProfileStep[]>> {
  const rows = await executor
    .selectFrom('steps')
    .selectAll()
    .where('removed_at', 'is', null)
    .orderBy('day_offset')
    .execute();

  const stepsByProfile = new Map<string, ProfileStep[]>();
  for (const row of rows) {
    const list = stepsByProfile.get(row.profile_id) ?? [];
    list.push({
      id: row.id,
      name: row.name,
      dayOffset: row.day_offset,
      channel: row.channel,
      templateKey: row.template_key,
      minimumAmountMinor: row.minimum_amount_minor,
      minDaysSincePrevious: row.min_days_since_previous,
      conditions: row.conditions as StepConditions,
      scope: row.scope,
      addsCollectionCosts: row.adds_collection_costs,
      addsInterest: row.adds_interest,
      attachInvoiceCopies: row.attach_invoice_copies,
      attachLetter: row.attach_letter,
    });
    stepsByProfile.set(row.profile_id, list);
  }

  return stepsByProfile;
}

/**
 * Chooses the profile of a debtor: its segment's profile (the default
 * segment's when it has none), or that profile's stricter profile when the
 * debtor has at least the profile's threshold of broken promises.
 * Escalation is one level: the stricter profile's own stricter profile is
 * not followed, so profiles that name each other cannot loop.
 */
export function chooseProfile(
  catalogue: ProfileCatalogue,
  segmentId: string | null,
  brokenPromises: number,
): ProfileChoice {
  const segment = segmentId ? catalogue.segments.get(segmentId) : catalogue.defaultSegment;
  const profile = segment ? catalogue.profiles.get(segment.profileId) : undefined;
  const stricter = profile?.stricter
    ? catalogue.profiles.get(profile.stricter.profileId)
    : undefined;
  if (!profile?.stricter || !stricter || brokenPromises < profile.stricter.threshold) {
    return { profile };
  }

  return {
    profile: stricter,
    escalation: {
      originalProfile: profile.name,
      brokenPromises,
      threshold: profile.stricter.threshold,
    },
  };
}

/** Reads the latest segment change of each of `debtorIds`, by debtor id, in one query. */
export async function loadLatestSegmentChanges(
  executor: Executor,
  debtorIds: readonly string[],
): Promise<Map<string, SegmentChange>> {
  if (debtorIds.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('segment_changes')
    .distinctOn('debtor_id')
    .select(['debtor_id', 'to_segment_id', 'reason', 'source'])
    .where('debtor_id', '=', sql<string>`any(${[...debtorIds]}::uuid[])`)
    .orderBy('debtor_id')
    .orderBy('changed_at', 'desc')
    .execute();

  return new Map(
    rows.map((row) => [
      row.debtor_id,
      { toSegmentId: row.to_segment_id, reason: row.reason, source: row.source },
    ]),
  );
}

/**
 * Explains how a debtor came into its segment. A pinned debtor is 'pinned';
 * otherwise the latest logged change into the current segment decides: one
 * made by hand is 'manual', one by an import or the nightly evaluation is
 * 'rule', or 'default' when the segment is the default one. Without a
 * segment the default segment applies.
 */
export function explainSegment(
  catalogue: ProfileCatalogue,
  debtor: { segmentId: string | null; segmentPinned: boolean; segmentPinnedBy: string | null },
  latestChange: SegmentChange | undefined,
): ExplainedSegment {
  const segment = debtor.segmentId ? catalogue.segments.get(debtor.segmentId) : undefined;
  if (!debtor.segmentId || !segment) {
    return { name: catalogue.defaultSegment?.name ?? null, basis: 'default', reason: null };
  }
  const change = latestChange?.toSegmentId === segment.id ? latestChange : undefined;
  if (debtor.segmentPinned) {
    const pinnedBy = debtor.segmentPinnedBy ? `pinned by ${debtor.segmentPinnedBy}` : null;
    return { name: segment.name, basis: 'pinned', reason: change?.reason ?? pinnedBy };
  }
  if (change?.source === 'manual') {
    return { name: segment.name, basis: 'manual', reason: change.reason };
  }

  return {
    name: segment.name,
    basis: segment.isDefault ? 'default' : 'rule',
    reason: change?.reason ?? null,
  };
}
