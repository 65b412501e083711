import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';

/**
 * Checks the entities and department given to a user. Row-level security
 * hides entities and departments of other organisations, and entities
 * outside the caller's own scope, so an id the query cannot see is unknown.
 * A caller who is limited to some entities may not give a user every entity
 * (entityIds null). Undefined values are not being changed and pass.
 */
export async function checkUserScope(
  trx: TenantTransaction,
  params: {
    entityIds: readonly string[] | null | undefined;
    departmentId: string | null | undefined;
    callerEntityIds: readonly string[] | null;
  },
): Promise<void> {
  const { entityIds, departmentId } = params;
  if (entityIds === null && params.callerEntityIds !== null) {
    throw new AppError(
      'forbidden',
      'You are limited to some entities, so you cannot give a user every entity; set entityIds to some of your own entities.',
    );
  }

  if (entityIds && entityIds.length > 0) {
    const found = await trx
      .selectFrom('entities')
      .select('id')
      .where('id', 'in', [...entityIds])
      .execute();
    const known = new Set(found.map((row) => row.id));
    const unknown = entityIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError(
        'invalid_input',
        `entityIds: unknown entity ${unknown.join(', ')}; use ids from GET /api/entities.`,
      );
    }
  }

  if (departmentId) {
    const department = await trx
      .selectFrom('departments')
      .select('id')
      .where('id', '=', departmentId)
      .executeTakeFirst();
    if (!department) {
      throw new AppError(
        'invalid_input',
        `departmentId: unknown department ${departmentId}; use an id from GET /api/departments.`,
      );
    }
  }
}
