import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { createRandomToken } from '../auth/session-token.ts';
import type { Executor } from '../db/database.ts';
import type { UserTokenPurpose } from '../db/schema.ts';

/** Hours an invitation link stays valid: 7 days. */
export const INVITATION_VALID_HOURS = 7 * 24;

/** Hours a password-reset link stays valid. */
export const PASSWORD_RESET_VALID_HOURS = 1;

const validHours: Record<UserTokenPurpose, number> = {
  invitation: INVITATION_VALID_HOURS,
  password_reset: PASSWORD_RESET_VALID_HOURS,
};

/** Web app paths that open an invitation or a password-reset link. */
const linkPaths: Record<UserTokenPurpose, string> = {
  invitation: '/accept-invitation',
  password_reset: '/reset-password',
};

export interface IssuedToken {
  /** The secret for the link; only its SHA-256 is stored. */
  token: string;
  /** The web app page that takes the token, such as https://collecta.example/accept-invitation?token=... */
  url: string;
  expiresAt: Date;
}

/** SHA-256 of a user token, hex-encoded: the only form of the token that is stored. */
export function hashUserToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Builds the web app link that carries `token`, under the configured public URL. */
export function buildTokenUrl(publicUrl: string, purpose: UserTokenPurpose, token: string): string {
  return `${publicUrl}${linkPaths[purpose]}?${new URLSearchParams({ token }).toString()}`;
}

/**
 * Creates a single-use token for an invitation or a password reset and
 * deletes the user's unused tokens of the same purpose, so that only the
 * newest link works. The expiry is computed by the database clock, which
 * also checks it.
 */
export async function issueUserToken(
  executor: Executor,
  params: {
    organisationId: string;
    userId: string;
    purpose: UserTokenPurpose;
    publicUrl: string;
  },
): Promise<IssuedToken> {
  await executor
    .deleteFrom('user_tokens')
    .where('user_id', '=', params.userId)
    .where('purpose', '=', params.purpose)
    .where('used_at', 'is', null)
    .execute();

  const token = createRandomToken();
  const row = await executor
    .insertInto('user_tokens')
    .values({
      organisation_id: params.organisationId,
      user_id: params.userId,
      purpose: params.purpose,
      token_hash: hashUserToken(token),
      expires_at: sql<Date>`now() + make_interval(hours => ${validHours[params.purpose]})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();

  return {
    token,
    url: buildTokenUrl(params.publicUrl, params.purpose, token),
    expiresAt: row.expires_at,
  };
}

export interface ValidToken {
  tokenId: string;
  organisationId: string;
  userId: string;
  purpose: UserTokenPurpose;
  username: string;
  name: string;
  language: string;
  expiresAt: Date;
  /** Whether the user has set a password already. */
  hasPassword: boolean;
}

/**
 * Finds the unused, unexpired token `token` of an active user, or returns
 * undefined. This is a system query outside any tenant, because the token
 * is what names the organisation (like a session lookup).
 */
export async function findValidToken(
  executor: Executor,
  token: string,
): Promise<ValidToken | undefined> {
  const row = await executor
    .selectFrom('user_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id',
      't.organisation_id',
      't.user_id',
      't.purpose',
      't.expires_at',
      'u.username',
      'u.name',
      'u.language',
    ])
    .select(sql<boolean>`u.password_hash is not null`.as('has_password'))
    .where('t.token_hash', '=', hashUserToken(token))
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('u.is_active', '=', true)
    .executeTakeFirst();
  if (!row) {
    return undefined;
  }

  return {
    tokenId: row.id,
    organisationId: row.organisation_id,
    userId: row.user_id,
    purpose: row.purpose,
    username: row.username,
    name: row.name,
    language: row.language,
    expiresAt: row.expires_at,
    hasPassword: row.has_password,
  };
}
