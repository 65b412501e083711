import { randomBytes } from 'node:crypto';
import { PERMISSION_NAMES, type Permission } from '../access/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashSessionToken } from '../auth/session-token.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { parseKeyPermissions } from './api-key-permissions.ts';

/** Start of every API key, so that a leaked key is recognisable in code and by secret scanners. */
export const API_KEY_PREFIX = 'ck_';

/** Characters of the key kept as its prefix: "ck_" and the first 7 of the random part. */
export const API_KEY_PREFIX_LENGTH = 10;

/** An API key: "ck_" and 32 random bytes, base64url-encoded (46 characters in all). */
export const API_KEY_PATTERN = /^ck_[A-Za-z0-9_-]{43}$/;

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The whole key. Only its SHA-256 is stored, so this is the only time it is available. */
  key: string;
  prefix: string;
  permissions: Permission[];
  /** The entities the key is limited to; null means every entity. */
  entityIds: string[] | null;
}

/**
 * Creates an API key of the organisation and records its creation in the
 * audit log without the key. The key gets `permissions`, or without them
 * every permission that its creator holds. A creator cannot give a key a
 * permission the creator lacks (forbidden), so a key never grants more than
 * the person who made it. `creatorPermissions` is 'all' for the command line.
 * The key is limited to the creator's entities, `creatorEntityIds`; null or
 * omitted (the command line) gives it every entity.
 */
export async function createApiKey(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    name: string;
    permissions?: readonly string[] | undefined;
    creatorPermissions: ReadonlySet<Permission> | 'all';
    creatorEntityIds?: readonly string[] | null;
  },
): Promise<CreatedApiKey> {
  const name = params.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw new AppError('invalid_input', 'Invalid name: use 1 to 100 characters.', {
      field: 'name',
    });
  }
  const creatorHolds = (permission: Permission) =>
    params.creatorPermissions === 'all' || params.creatorPermissions.has(permission);
  const permissions =
    params.permissions === undefined
      ? PERMISSION_NAMES.filter(creatorHolds)
      : parseKeyPermissions(params.permissions, 'permissions');
  const lacking = permissions.filter((permission) => !creatorHolds(permission));
  if (lacking.length > 0) {
    throw new AppError(
      'forbidden',
      `An API key cannot get permissions that you lack: ${lacking.join(', ')}.`,
    );
  }
  if (permissions.length === 0) {
    throw new AppError('forbidden', 'You hold no permission that an API key could get.');
  }

  const entityIds =
    params.creatorEntityIds && params.creatorEntityIds.length > 0
      ? [...params.creatorEntityIds]
      : null;

  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, API_KEY_PREFIX_LENGTH);
  const row = await executor
    .insertInto('api_keys')
    .values({
      organisation_id: params.organisationId,
      name,
      prefix,
      key_hash: hashSessionToken(key),
      permissions,
      created_by: params.actor,
      entity_ids: entityIds,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'api_key.created',
    subjectType: 'api_key',
    subjectId: row.id,
    after: { name, prefix, permissions, entityIds },
  });

  return { id: row.id, name, key, prefix, permissions, entityIds };
}
