import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

export interface Escalation {
  stricterProfileId: string | null;
  brokenPromisesThreshold: number | null;
}

/**
 * Checks the escalation of profile `profileId`: the stricter profile and
 * the threshold are both set or both null, the stricter profile exists and
 * is another profile, and following the stricter profiles from it never
 * comes back to `profileId`. Throws invalid_input naming the field.
 */
export async function checkEscalation(
  executor: Executor,
  profileId: string,
  escalation: Escalation,
): Promise<void> {
  const { stricterProfileId, brokenPromisesThreshold } = escalation;
  if ((stricterProfileId === null) !== (brokenPromisesThreshold === null)) {
    throw invalid(
      stricterProfileId === null ? 'stricterProfileId' : 'brokenPromisesThreshold',
      'Set both the stricter profile and the broken-promises threshold, or neither.',
    );
  }
  if (stricterProfileId === null) {
    return;
  }
  if (stricterProfileId === profileId) {
    throw invalid(
      'stricterProfileId',
      'A profile cannot be its own stricter profile; choose another one.',
    );
  }

  const profiles = await executor
    .selectFrom('succession_profiles')
    .select(['id', 'name', 'stricter_profile_id'])
    .execute();
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  if (!byId.has(stricterProfileId)) {
    throw invalid(
      'stricterProfileId',
      `Succession profile ${stricterProfileId} does not exist; choose an existing profile.`,
    );
  }

  const chain: string[] = [];
  let current = byId.get(stricterProfileId);
  while (current && !chain.includes(current.name)) {
    chain.push(current.name);
    if (current.stricter_profile_id === profileId) {
      throw invalid(
        'stricterProfileId',
        `The stricter profiles would form a cycle (${chain.join(' → ')} → back to this profile); choose a profile that does not escalate to this one.`,
      );
    }
    current = current.stricter_profile_id ? byId.get(current.stricter_profile_id) : undefined;
  }
}

function invalid(field: string, message: string): AppError {
  return new AppError('invalid_input', `${field}: ${message}`, { fields: [{ field, message }] });
}
