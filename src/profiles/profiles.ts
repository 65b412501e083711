import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { Channel, StepConditions } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { findProfilePreset, PROFILE_PRESET_KEYS } from './profile-presets.ts';

export interface ProfileStepView {
  id: string;
  name: string;
  dayOffset: number;
  channel: Channel;
  templateKey: string;
  minimumAmountMinor: number;
  minDaysSincePrevious: number;
  conditions: StepConditions;
}

export interface ProfileView {
  id: string;
  name: string;
  steps: ProfileStepView[];
}

/** Lists the succession profiles by name, each with its steps in timeline order. */
export async function listProfiles(executor: Executor): Promise<ProfileView[]> {
  const profiles = await executor
    .selectFrom('succession_profiles')
    .select(['id', 'name'])
    .orderBy('name')
    .execute();
  const steps = await executor
    .selectFrom('steps')
    .selectAll()
    .orderBy('profile_id')
    .orderBy('day_offset')
    .execute();

  return profiles.map((profile) => ({
    id: profile.id,
    name: profile.name,
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
      })),
  }));
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
  const profile = await guardConstraints(
    () =>
      executor
        .insertInto('succession_profiles')
        .values({ organisation_id: context.organisationId, name })
        .returning('id')
        .executeTakeFirstOrThrow(),
    {
      unique: `A succession profile named "${name}" exists already; give the new profile another name.`,
    },
  );
  await executor
    .insertInto('steps')
    .values(
      preset.steps.map((step) => ({
        organisation_id: context.organisationId,
        profile_id: profile.id,
        name: step.name,
        day_offset: step.dayOffset,
        channel: step.channel,
        template_key: step.templateKey,
        min_days_since_previous: step.minDaysSincePrevious ?? 0,
        conditions: JSON.stringify(step.conditions ?? {}),
      })),
    )
    .execute();
  const created = (await listProfiles(executor)).find((entry) => entry.id === profile.id);
  if (!created) {
    throw new AppError('internal', `Profile ${profile.id} was created but cannot be read back.`);
  }
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.created',
    subjectType: 'succession_profile',
    subjectId: profile.id,
    after: { preset: preset.key, name, steps: created.steps.length },
  });

  return created;
}
