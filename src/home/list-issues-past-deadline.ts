import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { OPEN_ISSUE_STATUSES } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { comparedWithEntityToday, type EntityToday } from './entity-today.ts';
import { restrictToIssueScope, type IssueScope } from './issue-scope.ts';

export interface IssuePastDeadline {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  category: string;
  department: { id: string; name: string } | null;
  deadline: PlainDate;
  description: string;
}

export interface IssueDeadlineFilter extends IssueScope {
  /** Entities with their local today; an issue is past its deadline from the day after it. */
  days: readonly EntityToday[];
}

/** Lists open issues whose deadline has passed, oldest deadline first, at most `limit`. */
export async function listIssuesPastDeadline(
  executor: Executor,
  params: IssueDeadlineFilter & { limit: number },
): Promise<IssuePastDeadline[]> {
  const rows = await filterIssues(executor, params)
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .innerJoin('entities as e', 'e.id', 'i.entity_id')
    .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
    .leftJoin('departments as dep', 'dep.id', 'i.department_id')
    .select([
      'i.id',
      'e.code as entity_code',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'c.name as category',
      'dep.id as department_id',
      'dep.name as department_name',
      'i.deadline',
      'i.description',
    ])
    .orderBy('i.deadline')
    .orderBy('d.number')
    .orderBy('i.id')
    .limit(params.limit)
    .execute();

  return rows.map((row) => ({
    id: row.id,
    entityCode: row.entity_code,
    debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
    category: row.category,
    department:
      row.department_id && row.department_name
        ? { id: row.department_id, name: row.department_name }
        : null,
    deadline: row.deadline,
    description: row.description,
  }));
}

export async function countIssuesPastDeadline(
  executor: Executor,
  params: IssueDeadlineFilter,
): Promise<number> {
  const row = await filterIssues(executor, params)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return row.count;
}

function filterIssues(executor: Executor, params: IssueDeadlineFilter) {
  const query = executor
    .selectFrom('issues as i')
    .where('i.status', 'in', OPEN_ISSUE_STATUSES)
    .where(
      comparedWithEntityToday(params.days, { entityId: 'i.entity_id', date: 'i.deadline' }, '<'),
    );

  return restrictToIssueScope(query, params);
}
