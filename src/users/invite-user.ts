import { createUser } from '../auth/create-user.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { checkUserScope } from './check-user-scope.ts';
import { issueUserLink, type IssuedLink } from './issue-user-link.ts';
import { findUser, type UserView } from './list-users.ts';

/** Languages a user can choose for the web app and for account e-mails. */
export const USER_LANGUAGES = ['nl', 'en', 'de', 'fr'] as const;

export type UserLanguage = (typeof USER_LANGUAGES)[number];

/** Usernames log in across organisations, so they stay simple: no spaces, no quotes. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

export const USERNAME_RULE =
  'use 1 to 100 letters, digits, dots, hyphens, underscores or @, starting with a letter or digit';

export interface NewUser {
  username: string;
  email: string;
  name: string;
  language: UserLanguage;
  /** Slug of the user's group. */
  group: string;
  /** The entities the user is limited to; null means every entity. */
  entityIds: readonly string[] | null;
  departmentId: string | null;
}

/**
 * Creates a user without a password and issues an invitation link, valid
 * for 7 days, with which the user chooses one. The caller sends the e-mail
 * in `link.email` after the transaction commits.
 */
export async function inviteUser(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    actor: string;
    /** The entities the caller is limited to; null for every entity. */
    callerEntityIds: readonly string[] | null;
    publicUrl: string;
    input: NewUser;
  },
): Promise<{ user: UserView; link: IssuedLink }> {
  const { input } = params;
  await checkUserScope(trx, {
    entityIds: input.entityIds,
    departmentId: input.departmentId,
    callerEntityIds: params.callerEntityIds,
  });

  const created = await createUser(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    username: input.username,
    email: input.email,
    name: input.name,
    language: input.language,
    password: undefined,
    group: input.group,
    entityIds: input.entityIds,
    departmentId: input.departmentId,
  });
  const link = await issueUserLink(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    userId: created.id,
    purpose: 'invitation',
    publicUrl: params.publicUrl,
  });
  const user = await findUser(trx, created.id);
  if (!user) {
    throw new Error(`The new user ${created.id} is not visible in its own organisation.`);
  }

  return { user, link };
}
