import type { Principal } from '../../access/principal.ts';
import type { TenantTransaction } from '../../db/tenant.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';

/** Finds the id of the entity with `code`; undefined without a code, not_found for an unknown one. */
export async function entityIdForCode(
  trx: TenantTransaction,
  principal: Principal,
  code: string | undefined,
): Promise<string | undefined> {
  if (code === undefined) {
    return undefined;
  }
  const entity = await findEntityByCode(trx, { organisationId: principal.organisationId, code });

  return entity.id;
}
