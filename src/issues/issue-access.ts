import type { SelectQueryBuilder } from 'kysely';
import { hasPermission, type Principal } from '../access/principal.ts';
import type { Executor } from '../db/database.ts';
import type { Database, IssueTable } from '../db/schema.ts';
import { AppError } from '../errors.ts';

type IssueQuery<O> = SelectQueryBuilder<Database & { i: IssueTable }, 'i', O>;

/**
 * Limits a query of issues (aliased `i`) to those the principal may see. A
 * principal with a department sees the issues of that department and the
 * issues assigned to the principal's user. A principal without a department
 * (credit managers, managers, API keys) sees every issue. Row-level security
 * already limits the rows to the principal's organisation and entities.
 */
export function whereIssueVisible<O>(query: IssueQuery<O>, principal: Principal): IssueQuery<O> {
  const departmentId = principal.departmentId;
  if (departmentId === null) {
    return query;
  }

  return query.where((eb) =>
    eb.or([
      eb('i.department_id', '=', departmentId),
      eb('i.assignee_user_id', '=', principal.actor),
    ]),
  );
}

/**
 * Lets a caller with debtors.read see any card of its entities. With only
 * issues.read, a caller sees the card of a debtor that has an issue (open or
 * resolved) of the caller's department or assigned to the caller, or any
 * issue when the caller has no department. Other debtors get the same
 * not_found as a missing one, so the response does not reveal that the
 * debtor exists. Registering an issue applies the same rule, so that a new
 * issue cannot open the card of a debtor the caller could not see before.
 */
export async function requireDebtorCardAccess(
  executor: Executor,
  principal: Principal,
  debtorId: string,
): Promise<void> {
  if (hasPermission(principal, 'debtors.read')) {
    return;
  }
  if (!hasPermission(principal, 'issues.read')) {
    throw new AppError(
      'forbidden',
      'This needs the permission debtors.read, or issues.read for debtors with an issue.',
    );
  }
  const issues = whereIssueVisible(
    executor.selectFrom('issues as i').select('i.id').where('i.debtor_id', '=', debtorId),
    principal,
  );
  if (!(await issues.limit(1).executeTakeFirst())) {
    throw new AppError('not_found', `Debtor ${debtorId} does not exist.`);
  }
}

/**
 * Reads and locks an issue the principal may see, for a change in the
 * caller's transaction. An issue outside the principal's department, entity
 * or organisation is not_found, exactly like a missing one, so the response
 * does not reveal that it exists.
 */
export async function findVisibleIssue(
  executor: Executor,
  principal: Principal,
  issueId: string,
  options: { lock: boolean } = { lock: false },
) {
  let query = whereIssueVisible(
    executor
      .selectFrom('issues as i')
      .select([
        'i.id',
        'i.number',
        'i.entity_id',
        'i.debtor_id',
        'i.category_id',
        'i.department_id',
        'i.assignee_user_id',
        'i.status',
        'i.description',
        'i.deadline',
        'i.opened_on',
        'i.closed_on',
        'i.outcome',
        'i.credit_note_expected',
        'i.resolution',
        'i.escalated_at',
      ])
      .where('i.id', '=', issueId),
    principal,
  );
  if (options.lock) {
    query = query.forUpdate();
  }
  const issue = await query.executeTakeFirst();
  if (!issue) {
    throw new AppError('not_found', `Issue ${issueId} does not exist.`);
  }

  return issue;
}

export type VisibleIssue = Awaited<ReturnType<typeof findVisibleIssue>>;
