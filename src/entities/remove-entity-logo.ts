import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/**
 * Removes the entity's logo, so its letters print none. Returns whether
 * there was one; removing a missing logo changes and records nothing. The
 * audit event records the removed logo's size and type, not the image.
 */
export async function removeEntityLogo(
  executor: Executor,
  params: { organisationId: string; entityId: string; actor: string },
): Promise<boolean> {
  const before = await executor
    .selectFrom('entities')
    .select([
      'logo_content_type',
      (eb) => eb.fn<number | null>('octet_length', ['logo']).as('bytes'),
    ])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!before) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }
  if (before.logo_content_type === null) {
    return false;
  }

  await executor
    .updateTable('entities')
    .set({ logo: null, logo_content_type: null })
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.logo_removed',
    subjectType: 'entity',
    subjectId: params.entityId,
    entityId: params.entityId,
    before: { contentType: before.logo_content_type, bytes: Number(before.bytes) },
    after: null,
  });

  return true;
}
