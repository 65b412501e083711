import { sql } from 'kysely';
import type { Principal } from '../access/principal.ts';
import type { Executor } from '../db/database.ts';
import { OPEN_ISSUE_STATUSES, type IssueStatus } from '../db/schema.ts';
import { comparedWithEntityToday, loadEntityToday } from '../home/entity-today.ts';
import { whereIssueVisible } from './issue-access.ts';
import { selectIssueRows, summarizeIssues, type IssueSummary } from './issue-summaries.ts';

/** The status filter of the issue list: one status, or the groups open, closed and all. */
export type IssueStatusFilter = IssueStatus | 'open' | 'closed' | 'all';

export interface IssueFilter {
  entityId?: string | undefined;
  status: IssueStatusFilter;
  departmentId?: string | undefined;
  /** "me" for the principal's own user, "none" for unassigned issues, or a user id. */
  assignee?: string | undefined;
  categoryId?: string | undefined;
  debtorId?: string | undefined;
  /** Only open issues past their deadline on the entity's today. */
  overdue?: boolean | undefined;
  /** Only issues that the daily job escalated. */
  escalated?: boolean | undefined;
  /** Part of the description or the debtor's number or name, or the issue number. */
  q?: string | undefined;
}

/**
 * Lists the issues the principal may see that match `filter`, by deadline
 * and then number, one page of `limit` from `offset`, with the total count
 * of matches.
 */
export async function listIssues(
  executor: Executor,
  principal: Principal,
  params: { filter: IssueFilter; limit: number; offset: number; now: Date },
): Promise<{ issues: IssueSummary[]; total: number }> {
  const matching = await selectMatchingIssueIds(executor, principal, params.filter, params.now);
  const rows = await selectIssueRows(executor)
    .where('i.id', 'in', matching)
    .orderBy('i.deadline')
    .orderBy('i.number')
    .limit(params.limit)
    .offset(params.offset)
    .execute();
  const { count } = await executor
    .selectFrom(matching.as('matching'))
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return { issues: await summarizeIssues(executor, rows, params.now), total: count };
}

/** Builds a query of the ids of the visible issues that match `filter`. */
async function selectMatchingIssueIds(
  executor: Executor,
  principal: Principal,
  filter: IssueFilter,
  now: Date,
) {
  let query = whereIssueVisible(executor.selectFrom('issues as i'), principal)
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .select('i.id');
  if (filter.entityId !== undefined) {
    query = query.where('i.entity_id', '=', filter.entityId);
  }
  if (filter.status === 'open') {
    query = query.where('i.status', 'in', OPEN_ISSUE_STATUSES);
  } else if (filter.status === 'closed') {
    query = query.where('i.status', 'in', ['resolved', 'rejected']);
  } else if (filter.status !== 'all') {
    query = query.where('i.status', '=', filter.status);
  }
  if (filter.departmentId !== undefined) {
    query = query.where('i.department_id', '=', filter.departmentId);
  }
  if (filter.assignee === 'none') {
    query = query.where('i.assignee_user_id', 'is', null);
  } else if (filter.assignee !== undefined) {
    const assignee = filter.assignee === 'me' ? principal.actor : filter.assignee;
    query = query.where('i.assignee_user_id', '=', assignee);
  }
  if (filter.categoryId !== undefined) {
    query = query.where('i.category_id', '=', filter.categoryId);
  }
  if (filter.debtorId !== undefined) {
    query = query.where('i.debtor_id', '=', filter.debtorId);
  }
  if (filter.overdue) {
    const days = await loadEntityToday(executor, { entityId: filter.entityId, now });
    query = query
      .where('i.status', 'in', OPEN_ISSUE_STATUSES)
      .where(comparedWithEntityToday(days, { entityId: 'i.entity_id', date: 'i.deadline' }, '<'));
  }
  if (filter.escalated) {
    query = query.where('i.escalated_at', 'is not', null);
  }
  const q = filter.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
    const number = /^\d{1,9}$/.test(q) ? Number(q) : null;
    query = query.where((eb) =>
      eb.or([
        eb('i.description', 'ilike', pattern),
        eb('d.name', 'ilike', pattern),
        eb('d.number', 'ilike', pattern),
        ...(number === null ? [] : [eb('i.number', '=', number)]),
      ]),
    );
  }

  return query;
}
