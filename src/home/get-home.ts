import type { Principal } from '../access/principal.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { countCallTasks, listCallTasks, type CallTaskItem } from '../dunning/list-call-tasks.ts';
import { countPromises, listPromises, type PromiseItem } from '../promises/list-promises.ts';
import { loadEntityToday } from './entity-today.ts';
import { userIdOfActor } from './issue-scope.ts';
import {
  countEscalatedIssues,
  listEscalatedIssues,
  type EscalatedIssue,
} from './list-escalated-issues.ts';
import { listBatchesToApprove, type BatchToApprove } from './list-batches-to-approve.ts';
import {
  countIssuesPastDeadline,
  listIssuesPastDeadline,
  type IssuePastDeadline,
} from './list-issues-past-deadline.ts';

/** Maximum items in each list of the start screen; the counts cover every item. */
export const HOME_LIST_LIMIT = 10;

export interface HomeCounts {
  batchesToApprove?: number;
  callsDue?: number;
  promisesDue?: number;
  issuesPastDeadline?: number;
  escalatedIssues?: number;
}

/**
 * The day's work of one user. A section is present only when the user has
 * its permission, and so is its count: a missing section means "not yours",
 * an empty one "nothing to do".
 */
export interface HomeOverview {
  /** The local today of each entity the overview covers. */
  days: Array<{ entityCode: string; today: PlainDate }>;
  counts: HomeCounts;
  /** Pending message batches, oldest first (dunning.read). */
  batchesToApprove?: BatchToApprove[];
  /** Number of open call tasks due today or earlier (dunning.read). */
  callsDue?: number;
  /** The first of those call tasks by due date (dunning.read). */
  callTasksDue?: CallTaskItem[];
  /** Open promises to pay dated today or earlier (debtors.read). */
  promisesDue?: PromiseItem[];
  /** Open issues past their deadline, of the user's department if any (issues.read). */
  issuesPastDeadline?: IssuePastDeadline[];
  /** Open issues escalated after their deadline, for managers (issues.read and reports.read). */
  escalatedIssues?: EscalatedIssue[];
}

/**
 * Collects the start screen of `principal` for the entities visible in the
 * transaction, or for `entityId` alone. "Today" is each entity's local date
 * at `now`.
 */
export async function getHome(
  executor: Executor,
  params: {
    principal: Pick<Principal, 'actor' | 'permissions' | 'departmentId'>;
    entityId?: string | undefined;
    now: Date;
  },
): Promise<HomeOverview> {
  const { permissions, departmentId } = params.principal;
  const days = await loadEntityToday(executor, { entityId: params.entityId, now: params.now });
  const overview: HomeOverview = {
    days: days.map((day) => ({ entityCode: day.entityCode, today: day.today })),
    counts: {},
  };
  const limit = HOME_LIST_LIMIT;

  if (permissions.has('dunning.read')) {
    const batches = await listBatchesToApprove(executor, { entityId: params.entityId });
    const calls = { status: 'open' as const, dueBy: days, retryBy: days };
    const callsDue = await countCallTasks(executor, calls);
    overview.batchesToApprove = batches;
    overview.callsDue = callsDue;
    overview.callTasksDue = await listCallTasks(executor, { ...calls, limit });
    overview.counts.batchesToApprove = batches.length;
    overview.counts.callsDue = callsDue;
  }
  if (permissions.has('debtors.read')) {
    const promises = { status: 'open' as const, dueBy: days };
    overview.promisesDue = await listPromises(executor, { ...promises, limit });
    overview.counts.promisesDue = await countPromises(executor, promises);
  }
  const issues = {
    days,
    departmentId: departmentId ?? undefined,
    userId: userIdOfActor(params.principal.actor),
  };
  if (permissions.has('issues.read')) {
    overview.issuesPastDeadline = await listIssuesPastDeadline(executor, { ...issues, limit });
    overview.counts.issuesPastDeadline = await countIssuesPastDeadline(executor, issues);
  }
  if (permissions.has('issues.read') && permissions.has('reports.read')) {
    overview.escalatedIssues = await listEscalatedIssues(executor, { ...issues, limit });
    overview.counts.escalatedIssues = await countEscalatedIssues(executor, issues);
  }

  return overview;
}
