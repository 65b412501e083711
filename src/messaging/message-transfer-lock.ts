import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';

/** Result of `withTransferLock`: `acquired` is false when a live sender holds the lock. */
export type TransferLockResult<T> = { acquired: true; value: T } | { acquired: false };

/**
 * Message ids whose transfer runs in this process, per embedded database.
 * PGlite has one session, in which PostgreSQL advisory locks are re-entrant
 * and so exclude nothing (measured on PGlite: a second pg_try_advisory_lock
 * on the same key also returns true).
 */
const embeddedTransfers = new WeakMap<DatabaseHandle, Set<string>>();

/**
 * Runs `work` while this process holds the transfer lock of one message,
 * and skips it when a live sender holds that lock. A sender holds the lock
 * from its claim until the outcome has committed, so a message in
 * "sending" whose lock is free was left by a sender that died.
 *
 * On PostgreSQL the lock is a session advisory lock on a connection that
 * is reserved for the call, outside any transaction. PostgreSQL releases
 * it when that session ends, also when the process is killed. On PGlite
 * the lock is an entry in this process's memory. Only one process opens
 * an embedded data directory, so a message in "sending" without an entry
 * was left by an earlier process that stopped mid-transfer.
 */
export async function withTransferLock<T>(
  database: DatabaseHandle,
  messageId: string,
  work: () => Promise<T>,
): Promise<TransferLockResult<T>> {
  if (database.kind === 'pglite') {
    return withEmbeddedLock(database, messageId, work);
  }

  return database.db.connection().execute(async (connection) => {
    const key = sql`hashtextextended(${`collecta.message-transfer:${messageId}`}, 0)`;
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(${key}) as locked`.execute(connection);
    if (rows[0]?.locked !== true) {
      return { acquired: false };
    }
    try {
      return { acquired: true, value: await work() };
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

async function withEmbeddedLock<T>(
  database: DatabaseHandle,
  messageId: string,
  work: () => Promise<T>,
): Promise<TransferLockResult<T>> {
  let running = embeddedTransfers.get(database);
  if (!running) {
    running = new Set();
    embeddedTransfers.set(database, running);
  }
  if (running.has(messageId)) {
    return { acquired: false };
  }
  running.add(messageId);
  try {
    return { acquired: true, value: await work() };
  } finally {
    running.delete(messageId);
  }
}
