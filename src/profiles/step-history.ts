import type { Executor } from '../db/database.ts';

/** The tables whose rows refer to a step and keep it in the dunning history. */
const TABLES_REFERRING_TO_STEPS = ['dunning_states', 'messages', 'call_tasks'] as const;

/**
 * Returns the ids among `stepIds` that dunning states, messages or call
 * tasks refer to. Row-level security hides the rows of entities outside
 * the caller's scope, so a caller limited to some entities may get too few.
 */
export async function findStepsWithHistory(
  executor: Executor,
  stepIds: readonly string[],
): Promise<Set<string>> {
  const referred = new Set<string>();
  if (stepIds.length === 0) {
    return referred;
  }

  for (const table of TABLES_REFERRING_TO_STEPS) {
    const rows = await executor
      .selectFrom(table)
      .select('step_id')
      .distinct()
      .where('step_id', 'in', [...stepIds])
      .execute();
    rows.forEach((row) => {
      if (row.step_id !== null) {
        referred.add(row.step_id);
      }
    });
  }

  return referred;
}
