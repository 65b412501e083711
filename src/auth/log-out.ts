import type { Executor } from '../db/database.ts';

/** Ends a session: its token no longer opens anything. */
export async function logOut(executor: Executor, params: { sessionId: string }): Promise<void> {
  await executor.deleteFrom('sessions').where('id', '=', params.sessionId).execute();
}
