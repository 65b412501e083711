import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { DayKind, LocalizedNames } from '../db/schema.ts';

export interface IssueCategoryOption {
  id: string;
  processId: string;
  processName: string;
  processNames: LocalizedNames;
  name: string;
  names: LocalizedNames;
  pausesDunning: boolean;
  daysToResolve: number;
  dayKind: DayKind;
  departmentId: string | null;
  assigneeUserId: string | null;
  portalSelectable: boolean;
}

/** Lists the categories that new issues may use (not archived), by process name and then name. */
export async function listIssueCategories(executor: Executor): Promise<IssueCategoryOption[]> {
  const rows = await executor
    .selectFrom('issue_categories as c')
    .innerJoin('business_processes as bp', 'bp.id', 'c.process_id')
    .select([
      'c.id',
      'bp.id as process_id',
      'bp.name as process_name',
      'bp.names as process_names',
      'c.name',
      'c.names',
      'c.pauses_dunning',
      'c.days_to_resolve',
      'c.day_kind',
      'c.department_id',
      'c.assignee_user_id',
      'c.portal_selectable',
    ])
    .where('c.archived', '=', false)
    .orderBy(sql`lower(bp.name)`)
    .orderBy(sql`lower(c.name)`)
    .execute();

  return rows.map((row) => ({
    id: row.id,
    processId: row.process_id,
    processName: row.process_name,
    processNames: row.process_names,
    name: row.name,
    names: row.names,
    pausesDunning: row.pauses_dunning,
    daysToResolve: row.days_to_resolve,
    dayKind: row.day_kind,
    departmentId: row.department_id,
    assigneeUserId: row.assignee_user_id,
    portalSelectable: row.portal_selectable,
  }));
}

export interface IssueAssignees {
  departments: Array<{ id: string; name: string }>;
  users: Array<{ id: string; name: string; departmentId: string | null }>;
}

/**
 * Lists who issues can be given to: every department, and the active users
 * whose group has issues.manage, each by name.
 */
export async function listIssueAssignees(executor: Executor): Promise<IssueAssignees> {
  const departments = await executor
    .selectFrom('departments')
    .select(['id', 'name'])
    .orderBy(sql`lower(name)`)
    .execute();
  const users = await executor
    .selectFrom('users as u')
    .innerJoin('user_groups as g', 'g.id', 'u.group_id')
    .select(['u.id', 'u.name', 'u.department_id'])
    .where('u.is_active', '=', true)
    .where(sql<boolean>`'issues.manage' = any (g.permissions)`)
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .execute();

  return {
    departments,
    users: users.map((user) => ({
      id: user.id,
      name: user.name,
      departmentId: user.department_id,
    })),
  };
}
