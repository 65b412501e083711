import type { SelectQueryBuilder } from 'kysely';
import type { Database, IssueTable } from '../db/schema.ts';

/**
 * The issues visible to a principal limited to a department: those of the
 * department, and those assigned to the principal's user. Without a
 * department every issue is in scope.
 */
export interface IssueScope {
  /** Only issues of this department (or assigned to `userId`); undefined for every department. */
  departmentId?: string | undefined;
  /** The principal's user id; undefined for an API key. */
  userId?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Returns the principal's user id from its actor, or undefined for an API key ("apikey:<id>"). */
export function userIdOfActor(actor: string): string | undefined {
  return UUID.test(actor) ? actor : undefined;
}

/** Adds the department condition of `scope` to a query over `issues as i`. */
export function restrictToIssueScope<Output>(
  query: SelectQueryBuilder<Database & { i: IssueTable }, 'i', Output>,
  scope: IssueScope,
): SelectQueryBuilder<Database & { i: IssueTable }, 'i', Output> {
  const { departmentId, userId } = scope;
  if (!departmentId) {
    return query;
  }

  return query.where((eb) =>
    userId
      ? eb.or([eb('i.department_id', '=', departmentId), eb('i.assignee_user_id', '=', userId)])
      : eb('i.department_id', '=', departmentId),
  );
}
