import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { findProfile } from './profiles.ts';
import { findStepsWithHistory } from './step-history.ts';

/**
 * Deletes a succession profile and its steps, in the caller's transaction
 * with an audit event. Throws conflict while a segment uses the profile,
 * while another profile escalates to it, or once an invoice has reached
 * one of its steps. Dunning states, messages and call tasks refer to the
 * steps, and a step row needs its profile, so keeping that history means
 * keeping the profile.
 */
export async function deleteProfile(
  executor: Executor,
  context: AuditContext,
  params: { id: string },
): Promise<void> {
  const profile = await findProfile(executor, params.id);
  if (profile.segments.length > 0) {
    const names = profile.segments.map((segment) => `"${segment.name}"`).join(', ');
    throw new AppError(
      'conflict',
      `Profile "${profile.name}" is used by segment ${names}; give those segments another profile first.`,
    );
  }
  await checkNoEscalationTo(executor, profile.id, profile.name);
  await checkNoHistory(executor, profile.id, profile.name);

  await guardConstraints(
    () => executor.deleteFrom('succession_profiles').where('id', '=', profile.id).execute(),
    {
      foreignKey: `Profile "${profile.name}" has steps that invoices of entities outside your scope have reached; it cannot be deleted.`,
    },
  );
  await recordAudit(executor, {
    ...context,
    action: 'succession_profile.deleted',
    subjectType: 'succession_profile',
    subjectId: profile.id,
    before: profile,
  });
}

async function checkNoEscalationTo(executor: Executor, id: string, name: string): Promise<void> {
  const escalating = await executor
    .selectFrom('succession_profiles')
    .select('name')
    .where('stricter_profile_id', '=', id)
    .orderBy('name')
    .execute();
  if (escalating.length > 0) {
    const names = escalating.map((row) => `"${row.name}"`).join(', ');
    throw new AppError(
      'conflict',
      `Profile "${name}" is the stricter profile of ${names}; change their escalation first.`,
    );
  }
}

async function checkNoHistory(executor: Executor, id: string, name: string): Promise<void> {
  const steps = await executor
    .selectFrom('steps')
    .select('id')
    .where('profile_id', '=', id)
    .execute();
  const withHistory = await findStepsWithHistory(
    executor,
    steps.map((step) => step.id),
  );
  if (withHistory.size > 0) {
    throw new AppError(
      'conflict',
      `Profile "${name}" cannot be deleted: invoices have reached ${withHistory.size} of its steps, and their dunning history refers to them. Take it out of use instead.`,
    );
  }
}
