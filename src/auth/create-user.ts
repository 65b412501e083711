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
 * Adds a user who logs in with `username` and `password`, or an invited user
 * without a password who chooses one with an invitation link. Usernames are
 * unique across all organisations (login has no organisation field), so a
 * name taken elsewhere fails with already_exists although this tenant cannot
 * see the other user. The caller checks that `entityIds` and `departmentId`
 * belong to the organisation.
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
    /** Undefined for an invited user, who cannot log in until choosing a password. */
    password: string | undefined;
    /** Slug of the user's group, such as "administrator" or "credit-manager". */
    group: string;
    /** The entities the user is limited to; undefined or null means every entity. */
    entityIds?: readonly string[] | null;
    departmentId?: string | null;
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
  const passwordHash = params.password === undefined ? null : await hashPassword(params.password);

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
        department_id: params.departmentId ?? null,
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
  const entityIds = params.entityIds ?? [];
  if (entityIds.length > 0) {
    await executor
      .insertInto('user_entities')
      .values(
        entityIds.map((entityId) => ({
          organisation_id: params.organisationId,
          user_id: user.id,
          entity_id: entityId,
        })),
      )
      .execute();
  }

  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'user.created',
    subjectType: 'user',
    subjectId: user.id,
    after: {
      username: user.username,
      email: params.email,
      name: user.name,
      language: user.language,
      group: params.group,
      entityIds: entityIds.length > 0 ? [...entityIds] : null,
      departmentId: params.departmentId ?? null,
      invited: params.password === undefined,
    },
  });

  return user;
}

/** Returns whether a database error is a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === UNIQUE_VIOLATION
  );
}
