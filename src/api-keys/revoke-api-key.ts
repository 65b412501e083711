import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/**
 * Revokes an API key of the organisation: from this commit on, requests
 * with it get 401. Revoking a revoked key changes nothing and records no
 * second audit event. Throws not_found for a key that this organisation
 * does not have.
 */
export async function revokeApiKey(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    /**
     * The caller's entity limit; null for every entity. A caller limited to
     * some entities may revoke only keys limited to some of those entities.
     */
    callerEntityIds?: readonly string[] | null;
    id: string;
  },
): Promise<{ id: string; revokedAt: Date }> {
  const key = await executor
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'revoked_at', 'entity_ids'])
    .where('id', '=', params.id)
    .forUpdate()
    .executeTakeFirst();
  if (!key) {
    throw new AppError('not_found', `API key ${params.id} does not exist.`);
  }
  const callerEntityIds = params.callerEntityIds ?? null;
  if (callerEntityIds !== null) {
    const reachable =
      key.entity_ids !== null && key.entity_ids.every((id) => callerEntityIds.includes(id));
    if (!reachable) {
      throw new AppError(
        'forbidden',
        `You cannot revoke API key ${key.prefix}: it reaches entities beyond the ones you are limited to.`,
      );
    }
  }
  if (key.revoked_at) {
    return { id: key.id, revokedAt: key.revoked_at };
  }

  const revoked = await executor
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', key.id)
    .returning('revoked_at')
    .executeTakeFirstOrThrow();
  const revokedAt = revoked.revoked_at ?? new Date();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'api_key.revoked',
    subjectType: 'api_key',
    subjectId: key.id,
    before: { name: key.name, prefix: key.prefix, revokedAt: null },
    after: { name: key.name, prefix: key.prefix, revokedAt: revokedAt.toISOString() },
  });

  return { id: key.id, revokedAt };
}
