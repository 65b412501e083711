import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { isUniqueViolation } from '../auth/create-user.ts';
import type { Executor } from '../db/database.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { AppError } from '../errors.ts';

export interface DepartmentView {
  id: string;
  name: string;
}

/** Lists the tenant's departments by name. */
export function listDepartments(executor: Executor): Promise<DepartmentView[]> {
  return executor
    .selectFrom('departments')
    .select(['id', 'name'])
    .orderBy(sql`lower(name)`)
    .execute();
}

export async function addDepartment(
  trx: TenantTransaction,
  params: { organisationId: string; actor: string; name: string },
): Promise<DepartmentView> {
  let department: DepartmentView;
  try {
    department = await trx
      .insertInto('departments')
      .values({ organisation_id: params.organisationId, name: params.name })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'already_exists',
        `name: department "${params.name}" already exists; choose another name.`,
      );
    }
    throw error;
  }
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'department.created',
    subjectType: 'department',
    subjectId: department.id,
    after: { name: department.name },
  });

  return department;
}

/**
 * Deletes a department. Users, issue categories and issues of the
 * department lose it: their foreign keys set department_id to null.
 */
export async function deleteDepartment(
  trx: TenantTransaction,
  params: { organisationId: string; actor: string; departmentId: string },
): Promise<void> {
  const deleted = await trx
    .deleteFrom('departments')
    .where('id', '=', params.departmentId)
    .returning(['id', 'name'])
    .executeTakeFirst();
  if (!deleted) {
    throw new AppError('not_found', `Department ${params.departmentId} does not exist.`);
  }
  await recordAudit(trx, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'department.deleted',
    subjectType: 'department',
    subjectId: deleted.id,
    before: { name: deleted.name },
  });
}
