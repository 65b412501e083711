import { AppError } from '../errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { hashPassword } from './password-hash.ts';

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  language: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Adds a user who logs in with `username` and `password`. Usernames are
 * unique across all organisations (login has no organisation field), so a
 * name taken elsewhere fails with already_exists although this tenant cannot
 * see the other user.
 */
export async function createUser(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    username: string;
    email: string;
    name: string;
    language?: string;
    password: string;
    /** Slug of the user's group, such as "administrator" or "credit-manager". */
    group: string;
  },
): Promise<SessionUser> {
  const group = await executor
    .selectFrom('user_groups')
    .select('id')
    .where('organisation_id', '=', params.organisationId)
    .where('slug', '=', params.group)
    .executeTakeFirst();
  if (!group) {
    throw new AppError(
      'invalid_input',
      `User group "${params.group}" does not exist; use the slug of an existing group, such as administrator or credit-manager.`,
    );
  }
  const passwordHash = await hashPassword(params.password);

  let user: SessionUser;
  try {
    user = await executor
      .insertInto('users')
      .values({
        organisation_id: params.organisationId,
        username: params.username,
        email: params.email,
        name: params.name,
        language: params.language ?? 'en',
        password_hash: passwordHash,
        group_id: group.id,
      })
      .returning(['id', 'username', 'name', 'language'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'already_exists',
        `Username "${params.username}" is already taken; choose another username.`,
      );
    }
    throw error;
  }

  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user.created',
    subjectType: 'user',
    subjectId: user.id,
    after: { username: user.username, email: params.email, name: user.name, group: params.group },
  });

  return user;
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === UNIQUE_VIOLATION
  );
}
