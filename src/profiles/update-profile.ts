import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { checkEscalation, type Escalation } from './check-escalation.ts';
import { findProfile, type ProfileView } from './profiles.ts';
import { findStepsWithHistory } from './step-history.ts';
import { validateSteps, type StepInput, type ValidStep } from './step-input.ts';

export interface ProfileUpdate extends Escalation {
  name: string;
  /** The whole timeline: steps with an id are updated, steps without one added, the rest removed. */
  steps: StepInput[];
}

/**
 * Replaces the name, escalation and steps of a succession profile, in the
 * caller's transaction with one audit event containing the profile before
 * and after. Kept steps keep their ids, so the dunning states that refer
 * to them stay valid. A left-out step is deleted when no dunning state,
 * message or call task refers to it; otherwise it gets `removed_at` and
 * stays as history. The caller must see every entity, because row-level
 * security would hide the references in other entities. The route rejects
 * users limited to some entities before it calls this.
 */
export async function updateProfile(
  executor: Executor,
  context: AuditContext,
  params: { id: string; update: ProfileUpdate },
): Promise<ProfileView> {
  const { id, update } = params;
  await lockProfile(executor, id);
  const before = await findProfile(executor, id);
  const steps = validateSteps(update.steps, new Set(before.steps.map((step) => step.id)));
  await checkEscalation(executor, id, update);

  await writeProfileRow(executor, id, update);
  const keptIds = steps.flatMap((step) => (step.id === undefined ? [] : [step.id]));
  const leftOut = before.steps.map((step) => step.id).filter((stepId) => !keptIds.includes(stepId));
  const retired = await retireSteps(executor, leftOut);
  await writeSteps(executor, context, id, steps);

  const after = await findProfile(executor, id);
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.updated',
    subjectType: 'succession_profile',
    subjectId: id,
    before,
    after: { ...after, deletedStepIds: retired.deleted, removedStepIds: retired.markedRemoved },
  });

  return after;
}

/** Locks the profile row, so two editors of one profile save one after the other. */
async function lockProfile(executor: Executor, id: string): Promise<void> {
  await executor
    .selectFrom('succession_profiles')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .execute();
}

async function writeProfileRow(
  executor: Executor,
  id: string,
  update: ProfileUpdate,
): Promise<void> {
  const name = update.name.trim();
  await guardConstraints(
    () =>
      executor
        .updateTable('succession_profiles')
        .set({
          name,
          stricter_profile_id: update.stricterProfileId,
          broken_promises_threshold: update.brokenPromisesThreshold,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute(),
    { unique: `A succession profile named "${name}" exists already; choose another name.` },
  );
}

/**
 * Takes the steps `stepIds` off their profile: deletes those without
 * history and marks the others removed.
 */
async function retireSteps(
  executor: Executor,
  stepIds: string[],
): Promise<{ deleted: string[]; markedRemoved: string[] }> {
  if (stepIds.length === 0) {
    return { deleted: [], markedRemoved: [] };
  }
  const withHistory = await findStepsWithHistory(executor, stepIds);
  const deleted = stepIds.filter((stepId) => !withHistory.has(stepId));
  const markedRemoved = stepIds.filter((stepId) => withHistory.has(stepId));

  if (deleted.length > 0) {
    await executor.deleteFrom('steps').where('id', 'in', deleted).execute();
  }
  if (markedRemoved.length > 0) {
    await executor
      .updateTable('steps')
      .set({ removed_at: sql<Date>`now()` })
      .where('id', 'in', markedRemoved)
      .execute();
  }

  return { deleted, markedRemoved };
}

/**
 * Updates the kept steps and inserts the new ones. The unique index on
 * (profile, day offset) covers only steps that are not removed, and it is
 * checked after each statement. So the kept steps are first marked removed
 * all at once, then each gets its new values with `removed_at` cleared:
 * two steps can swap their days without passing through a duplicate.
 */
async function writeSteps(
  executor: Executor,
  context: AuditContext,
  profileId: string,
  steps: ValidStep[],
): Promise<void> {
  const kept = steps.filter((step) => step.id !== undefined);
  const added = steps.filter((step) => step.id === undefined);

  if (kept.length > 0) {
    await executor
      .updateTable('steps')
      .set({ removed_at: sql<Date>`now()` })
      .where(
        'id',
        'in',
        kept.map((step) => step.id as string),
      )
      .execute();
  }
  for (const step of kept) {
    await executor
      .updateTable('steps')
      .set({ ...step.values, removed_at: null })
      .where('id', '=', step.id as string)
      .execute();
  }
  if (added.length > 0) {
    await executor
      .insertInto('steps')
      .values(
        added.map((step) => ({
          ...step.values,
          organisation_id: context.organisationId,
          profile_id: profileId,
        })),
      )
      .execute();
  }
}
