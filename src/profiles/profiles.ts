import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { Channel, StepConditions, StepScope } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { findProfilePreset, PROFILE_PRESET_KEYS } from './profile-presets.ts';
import type { StepChargeView } from './step-charge-input.ts';

export interface ProfileStepView extends StepChargeView {
  id: string;
  name: string;
  dayOffset: number;
  channel: Channel;
  templateKey: string;
  /** In minor units of each invoice's currency: the open total below which the step is skipped. */
  minimumAmountMinor: number;
  minDaysSincePrevious: number;
  conditions: StepConditions;
  scope: StepScope;
  addsCollectionCosts: boolean;
  addsInterest: boolean;
  attachInvoiceCopies: boolean;
  attachLetter: boolean;
}

export interface ProfileView {
  id: string;
  name: string;
  /** The profile for debtors with at least `brokenPromisesThreshold` broken promises; both null or both set. */
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
  /** The steps not removed, in timeline order. */
  steps: ProfileStepView[];
  /** The segments whose debtors are reminded with this profile. */
  segments: Array<{ id: string; name: string }>;
}

/**
 * Lists the succession profiles by name, each with its steps in timeline
 * order and the segments that use it. Removed steps are left out.
 */
export async function listProfiles(executor: Executor): Promise<ProfileView[]> {
  const profiles = await executor
    .selectFrom('succession_profiles')
    .select(['id', 'name', 'stricter_profile_id', 'broken_promises_threshold'])
    .orderBy('name')
    .execute();
  const steps = await executor
    .selectFrom('steps')
    .selectAll()
    .where('removed_at', 'is', null)
    .orderBy('profile_id')
    .orderBy('day_offset')
    .execute();
  const segments = await executor
    .selectFrom('segments')
    .select(['id', 'name', 'profile_id'])
    .orderBy('priority')
    .orderBy('name')
    .execute();

  return profiles.map((profile) => ({
    id: profile.id,
    name: profile.name,
    stricterProfileId: profile.stricter_profile_id,
    brokenPromisesThreshold: profile.broken_promises_threshold,
    steps: steps
      .filter((step) => step.profile_id === profile.id)
      .map((step) => ({
        id: step.id,
        name: step.name,
        dayOffset: step.day_offset,
        channel: step.channel,
        templateKey: step.template_key,
        minimumAmountMinor: step.minimum_amount_minor,
        minDaysSincePrevious: step.min_days_since_previous,
        conditions: step.conditions as StepConditions,
        scope: step.scope,
        addsCollectionCosts: step.adds_collection_costs,
        addsInterest: step.adds_interest,
        attachInvoiceCopies: step.attach_invoice_copies,
        attachLetter: step.attach_letter,
        feeFixedMinor: Number(step.fee_fixed_minor),
        feeBasisPoints: step.fee_basis_points,
        interestBasis: step.interest_basis,
        contractualInterestBasisPoints: step.contractual_interest_basis_points,
        isFourteenDayLetter: step.is_fourteen_day_letter,
      })),
    segments: segments
      .filter((segment) => segment.profile_id === profile.id)
      .map((segment) => ({ id: segment.id, name: segment.name })),
  }));
}

/** Reads one profile as `listProfiles` shows it; throws not_found for an id of no profile. */
export async function findProfile(executor: Executor, id: string): Promise<ProfileView> {
  const profile = (await listProfiles(executor)).find((entry) => entry.id === id);
  if (!profile) {
    throw new AppError('not_found', `Succession profile ${id} does not exist.`);
  }

  return profile;
}

/** Inserts an empty profile named `name`; a name in use is an already_exists error. */
export async function insertProfile(
  executor: Executor,
  context: AuditContext,
  values: {
    name: string;
    stricterProfileId?: string | null;
    brokenPromisesThreshold?: number | null;
  },
): Promise<string> {
  const profile = await guardConstraints(
    () =>
      executor
        .insertInto('succession_profiles')
        .values({
          organisation_id: context.organisationId,
          name: values.name,
          stricter_profile_id: values.stricterProfileId ?? null,
          broken_promises_threshold: values.brokenPromisesThreshold ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    {
      unique: `A succession profile named "${values.name}" exists already; give the new profile another name.`,
    },
  );

  return profile.id;
}

/**
 * Creates a succession profile with the steps of a preset, named `name` or
 * else the preset's name, in the caller's transaction with an audit event.
 */
export async function createProfileFromPreset(
  executor: Executor,
  context: AuditContext,
  params: { preset: string; name?: string | undefined },
): Promise<ProfileView> {
  const preset = findProfilePreset(params.preset);
  if (!preset) {
    throw new AppError(
      'invalid_input',
      `preset: "${params.preset}" is not a profile preset; use one of ${PROFILE_PRESET_KEYS.join(', ')}.`,
    );
  }
  const name = params.name ?? preset.name;
  const profileId = await insertProfile(executor, context, { name });
  await executor
    .insertInto('steps')
    .values(
      preset.steps.map((step) => ({
        organisation_id: context.organisationId,
        profile_id: profileId,
        name: step.name,
        day_offset: step.dayOffset,
        channel: step.channel,
        template_key: step.templateKey,
        min_days_since_previous: step.minDaysSincePrevious ?? 0,
        conditions: JSON.stringify(step.conditions ?? {}),
        is_fourteen_day_letter: step.isFourteenDayLetter ?? false,
      })),
    )
    .execute();
  const created = await findProfile(executor, profileId);
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.created',
    subjectType: 'succession_profile',
    subjectId: profileId,
    after: { preset: preset.key, name, steps: created.steps.length },
  });

  return created;
}
