import { AppError } from '../errors.ts';

/** SQLSTATE of a unique-constraint violation. */
export const UNIQUE_VIOLATION = '23505';
/** SQLSTATE of a foreign-key violation, such as deleting a row that others still refer to. */
export const FOREIGN_KEY_VIOLATION = '23503';

/** Returns the SQLSTATE of a database error from pg or PGlite, or undefined for other errors. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) {
    return undefined;
  }
  const code = (error as { code: unknown }).code;

  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Runs a statement and turns the constraint violations that `messages`
 * names into application errors: a unique violation into "already_exists",
 * a foreign-key violation into "conflict". Other errors pass unchanged.
 * The violation has aborted the transaction, so the caller must not run
 * more statements in it.
 */
export async function guardConstraints<T>(
  statement: () => Promise<T>,
  messages: { unique?: string; foreignKey?: string },
): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    const state = sqlStateOf(error);
    if (state === UNIQUE_VIOLATION && messages.unique) {
      throw new AppError('already_exists', messages.unique);
    }
    if (state === FOREIGN_KEY_VIOLATION && messages.foreignKey) {
      throw new AppError('conflict', messages.foreignKey);
    }
    throw error;
  }
}
