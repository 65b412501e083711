import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { findProfile, insertProfile, type ProfileView } from './profiles.ts';

/** Creates a succession profile without steps, in the caller's transaction with an audit event. */
export async function createEmptyProfile(
  executor: Executor,
  context: AuditContext,
  params: { name: string },
): Promise<ProfileView> {
  const profileId = await insertProfile(executor, context, { name: params.name });
  const created = await findProfile(executor, profileId);
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.created',
    subjectType: 'succession_profile',
    subjectId: profileId,
    after: created,
  });

  return created;
}

/**
 * Creates a profile named `name` as a copy of profile `copyOf`: the same
 * escalation and a new row for each step that is not removed. Throws
 * not_found when `copyOf` is no profile of the organisation.
 */
export async function copyProfile(
  executor: Executor,
  context: AuditContext,
  params: { name: string; copyOf: string },
): Promise<ProfileView> {
  const source = await findProfile(executor, params.copyOf);
  const profileId = await insertProfile(executor, context, {
    name: params.name,
    stricterProfileId: source.stricterProfileId,
    brokenPromisesThreshold: source.brokenPromisesThreshold,
  });
  const steps = await executor
    .selectFrom('steps')
    .selectAll()
    .where('profile_id', '=', source.id)
    .where('removed_at', 'is', null)
    .execute();
  if (steps.length > 0) {
    await executor
      .insertInto('steps')
      .values(
        steps.map(({ id: _id, profile_id: _profileId, conditions, ...step }) => ({
          ...step,
          conditions: JSON.stringify(conditions),
          profile_id: profileId,
        })),
      )
      .execute();
  }

  const created = await findProfile(executor, profileId);
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.created',
    subjectType: 'succession_profile',
    subjectId: profileId,
    after: { copyOf: source.id, ...created },
  });

  return created;
}
