import type { Executor } from '../db/database.ts';
import type { LogoContentType } from '../db/schema.ts';
import { AppError } from '../errors.ts';

/** Reads the entity's logo; not_found when the entity does not exist or has no logo. */
export async function readEntityLogo(
  executor: Executor,
  params: { organisationId: string; entityId: string },
): Promise<{ content: Buffer; contentType: LogoContentType }> {
  const row = await executor
    .selectFrom('entities')
    .select(['logo', 'logo_content_type'])
    .where('organisation_id', '=', params.organisationId)
    .where('id', '=', params.entityId)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Entity ${params.entityId} does not exist.`);
  }
  if (!row.logo || !row.logo_content_type) {
    throw new AppError('not_found', `Entity ${params.entityId} has no logo; upload one first.`);
  }

  return { content: Buffer.from(row.logo), contentType: row.logo_content_type };
}
