import type { Executor } from '../db/database.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';
import { buildPortalUrl, derivePortalToken, ensurePortalSecret } from './portal-token.ts';

/**
 * Returns a debtor's portal link, `<entity portal_url or PUBLIC_URL>/portal/<token>`,
 * or null when neither address is known. The same debtor gets the same link
 * until a credit manager revokes its portal access.
 */
export async function buildDebtorPortalLink(
  executor: Executor,
  params: { organisationId: string; debtorId: string; publicUrl?: string | undefined },
): Promise<string | null> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .select(['d.id', 'd.portal_version', 'e.portal_url'])
    .where('d.id', '=', params.debtorId)
    .executeTakeFirst();
  const baseUrl = debtor?.portal_url || params.publicUrl;
  if (!debtor || !baseUrl) {
    return null;
  }
  const secret = await ensurePortalSecret(executor, params.organisationId);
  const token = derivePortalToken(secret, {
    organisationId: params.organisationId,
    debtorId: debtor.id,
    portalVersion: debtor.portal_version,
  });

  return buildPortalUrl(baseUrl, token);
}

/**
 * Revokes a debtor's portal access: raises its portal version, so every
 * portal link sent so far stops working and its open portal sessions end.
 * The next reminder carries a new link. Audited as 'debtor.portal_revoked'.
 */
export async function revokePortalAccess(
  executor: Executor,
  params: { organisationId: string; debtorId: string; actor: string },
): Promise<{ portalVersion: number }> {
  const debtor = await executor
    .updateTable('debtors')
    .set((eb) => ({ portal_version: eb('portal_version', '+', 1) }))
    .where('id', '=', params.debtorId)
    .returning(['id', 'entity_id', 'portal_version'])
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }
  await executor.deleteFrom('portal_sessions').where('debtor_id', '=', debtor.id).execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'debtor.portal_revoked',
    subjectType: 'debtor',
    subjectId: debtor.id,
    entityId: debtor.entity_id,
    after: { portalVersion: debtor.portal_version },
  });

  return { portalVersion: debtor.portal_version };
}
