import { sql } from 'kysely';
import { readLocalizedNames } from '../business-processes/localized-names.ts';
import type { Executor } from '../db/database.ts';
import type { LocalizedNames } from '../db/schema.ts';
import { OPEN_ISSUE_STATUSES } from '../db/schema.ts';
import { daysBetween, type PlainDate } from '../dates/plain-date.ts';
import type { EntityToday } from './entity-today.ts';
import { restrictToIssueScope, type IssueScope } from './issue-scope.ts';

export interface EscalatedIssue {
  id: string;
  number: number;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  category: string;
  categoryNames: LocalizedNames;
  department: { id: string; name: string } | null;
  deadline: PlainDate;
  /** Days from the deadline to the entity's today; 0 when the deadline was moved on since. */
  daysPastDeadline: number;
  escalatedAt: string;
}

export interface EscalatedIssueFilter extends IssueScope {
  /** The entities to cover, with their local today. */
  days: readonly EntityToday[];
}

/** Lists open issues that the escalation job escalated, oldest deadline first, at most `limit`. */
export async function listEscalatedIssues(
  executor: Executor,
  params: EscalatedIssueFilter & { limit: number },
): Promise<EscalatedIssue[]> {
  const todayByEntity = new Map(params.days.map((day) => [day.entityId, day.today]));
  const rows = await filterIssues(executor, params)
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .innerJoin('entities as e', 'e.id', 'i.entity_id')
    .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
    .leftJoin('departments as dep', 'dep.id', 'i.department_id')
    .select([
      'i.id',
      'i.number',
      'i.entity_id',
      'i.deadline',
      'i.escalated_at',
      'e.code as entity_code',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'c.name as category',
      'c.names as category_names',
      'dep.id as department_id',
      'dep.name as department_name',
    ])
    .orderBy('i.deadline')
    .orderBy('i.number')
    .limit(params.limit)
    .execute();

  return rows.map((row) => {
    const today = todayByEntity.get(row.entity_id) ?? row.deadline;

    return {
      id: row.id,
      number: row.number,
      entityCode: row.entity_code,
      debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
      category: row.category,
      categoryNames: readLocalizedNames(row.category_names),
      department:
        row.department_id && row.department_name
          ? { id: row.department_id, name: row.department_name }
          : null,
      deadline: row.deadline,
      daysPastDeadline: Math.max(0, daysBetween(row.deadline, today)),
      escalatedAt: new Date(row.escalated_at ?? 0).toISOString(),
    };
  });
}

export async function countEscalatedIssues(
  executor: Executor,
  params: EscalatedIssueFilter,
): Promise<number> {
  const row = await filterIssues(executor, params)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return row.count;
}

function filterIssues(executor: Executor, params: EscalatedIssueFilter) {
  const entityIds = params.days.map((day) => day.entityId);
  const query = executor
    .selectFrom('issues as i')
    .where('i.status', 'in', OPEN_ISSUE_STATUSES)
    .where('i.escalated_at', 'is not', null)
    .where((eb) => (entityIds.length === 0 ? eb.val(false) : eb('i.entity_id', 'in', entityIds)));

  return restrictToIssueScope(query, params);
}
