import type { Principal } from '../access/principal.ts';
import { loadSendingCalendar } from '../calendar/sending-days.ts';
import { OPEN_ISSUE_STATUSES, type IssueTable } from '../db/schema.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { findVisibleIssue, type VisibleIssue } from './issue-access.ts';
import { issueDeadline } from './issue-deadline.ts';
import { queueIssueNotification } from './issue-notification.ts';
import {
  findUsableCategory,
  requireAssignee,
  requireDepartment,
  requireOpenInvoicesOfDebtor,
} from './issue-validation.ts';
import { recordIssueEvent } from './record-issue-event.ts';
import type { Updateable } from 'kysely';

/** Days after the entity's today up to which a deadline may be set by hand: a year and a day. */
export const MAX_DEADLINE_DAYS_AHEAD = 366;

export type OpenIssueStatus = (typeof OPEN_ISSUE_STATUSES)[number];

/** The fields of an open issue that a PATCH may change; a field left out keeps its value. */
export interface IssueUpdate {
  status?: OpenIssueStatus | undefined;
  departmentId?: string | null | undefined;
  assigneeUserId?: string | null | undefined;
  /** A new category also gives a new deadline from the registration date and the category's term. */
  categoryId?: string | undefined;
  description?: string | undefined;
  /** The invoices concerned; an empty list turns the issue into one on the whole debtor. */
  invoiceIds?: readonly string[] | undefined;
  /**
   * A deadline set by hand, from the registration date up to MAX_DEADLINE_DAYS_AHEAD days after
   * the entity's today. It wins over the deadline of a new category.
   */
  deadline?: PlainDate | undefined;
}

/**
 * Changes an open issue the principal may see. Every changed aspect writes
 * its own event (status_changed, assigned, category_changed,
 * description_changed, invoices_changed, deadline_changed) with the values
 * before and after. A new assignee other than the actor gets the "assigned"
 * e-mail, queued in the same transaction. A closed issue is a conflict:
 * reopen it first. A principal with a department may hand an issue to
 * another department, and then sees it only while it is assigned to them.
 */
export async function updateIssue(
  trx: TenantTransaction,
  principal: Principal,
  params: {
    issueId: string;
    update: IssueUpdate;
    now: Date;
    jobQueue: Pick<JobQueue, 'send'> | undefined;
  },
): Promise<void> {
  const { update } = params;
  const issue = await findVisibleIssue(trx, principal, params.issueId, { lock: true });
  requireOpen(issue);
  const entity = await trx
    .selectFrom('entities')
    .select(['id', 'code', 'time_zone'])
    .where('id', '=', issue.entity_id)
    .executeTakeFirstOrThrow();
  const context = { organisationId: principal.organisationId, actor: principal.actor, issue };
  const changes: Updateable<IssueTable> = {};

  if (update.status !== undefined && update.status !== issue.status) {
    changes.status = update.status;
    await recordIssueEvent(trx, {
      ...context,
      kind: 'status_changed',
      before: { status: issue.status },
      after: { status: update.status },
    });
  }

  const departmentId =
    update.departmentId === undefined ? issue.department_id : update.departmentId;
  const assigneeUserId =
    update.assigneeUserId === undefined ? issue.assignee_user_id : update.assigneeUserId;
  if (departmentId !== issue.department_id || assigneeUserId !== issue.assignee_user_id) {
    if (departmentId !== null && departmentId !== issue.department_id) {
      await requireDepartment(trx, departmentId);
    }
    if (assigneeUserId !== null && assigneeUserId !== issue.assignee_user_id) {
      await requireAssignee(trx, {
        userId: assigneeUserId,
        entityId: entity.id,
        entityCode: entity.code,
      });
    }
    changes.department_id = departmentId;
    changes.assignee_user_id = assigneeUserId;
    await recordIssueEvent(trx, {
      ...context,
      kind: 'assigned',
      before: { departmentId: issue.department_id, assigneeUserId: issue.assignee_user_id },
      after: { departmentId, assigneeUserId },
    });
    if (
      assigneeUserId !== null &&
      assigneeUserId !== issue.assignee_user_id &&
      assigneeUserId !== principal.actor
    ) {
      await queueIssueNotification(params.jobQueue, trx, {
        organisationId: principal.organisationId,
        issueId: issue.id,
        kind: 'assigned',
        recipientUserId: assigneeUserId,
      });
    }
  }

  let deadline = issue.deadline;
  if (update.categoryId !== undefined && update.categoryId !== issue.category_id) {
    const category = await findUsableCategory(trx, update.categoryId);
    const calendar = await loadSendingCalendar(trx, {
      organisationId: principal.organisationId,
      entityId: entity.id,
    });
    deadline = issueDeadline(
      issue.opened_on,
      { daysToResolve: category.days_to_resolve, dayKind: category.day_kind },
      calendar,
    );
    changes.category_id = category.id;
    changes.deadline = deadline;
    await recordIssueEvent(trx, {
      ...context,
      kind: 'category_changed',
      before: { categoryId: issue.category_id, deadline: issue.deadline },
      after: { categoryId: category.id, deadline },
    });
  }

  if (update.description !== undefined && update.description !== issue.description) {
    changes.description = update.description;
    await recordIssueEvent(trx, {
      ...context,
      kind: 'description_changed',
      before: { description: issue.description },
      after: { description: update.description },
    });
  }

  if (update.invoiceIds !== undefined) {
    await replaceInvoices(trx, principal, {
      issue,
      entity,
      invoiceIds: update.invoiceIds,
      today: todayForEntity(entity, params.now),
    });
  }

  if (update.deadline !== undefined && update.deadline !== deadline) {
    requireDeadlineInRange(update.deadline, {
      openedOn: issue.opened_on,
      today: todayForEntity(entity, params.now),
    });
    changes.deadline = update.deadline;
    await recordIssueEvent(trx, {
      ...context,
      kind: 'deadline_changed',
      before: { deadline },
      after: { deadline: update.deadline },
    });
  }

  // A deadline moved to today or later is watched again, so a missed new deadline escalates anew.
  const finalDeadline = changes.deadline;
  if (
    typeof finalDeadline === 'string' &&
    issue.escalated_at !== null &&
    finalDeadline >= todayForEntity(entity, params.now)
  ) {
    changes.escalated_at = null;
  }

  if (Object.keys(changes).length > 0) {
    await trx
      .updateTable('issues')
      .set({ ...changes, updated_at: params.now })
      .where('id', '=', issue.id)
      .execute();
  }
}

/**
 * Checks a deadline set by hand: not before the registration date, and at
 * most MAX_DEADLINE_DAYS_AHEAD days after the entity's today, so that a
 * mistyped year cannot keep an issue from escalating.
 */
function requireDeadlineInRange(
  deadline: PlainDate,
  range: { openedOn: PlainDate; today: PlainDate },
): void {
  const latest = addDays(range.today, MAX_DEADLINE_DAYS_AHEAD);
  if (deadline < range.openedOn || deadline > latest) {
    const side =
      deadline < range.openedOn
        ? `before the registration date ${range.openedOn}`
        : `more than ${MAX_DEADLINE_DAYS_AHEAD} days after today (${range.today})`;
    throw new AppError(
      'invalid_input',
      `deadline: ${deadline} is ${side}; choose a date from ${range.openedOn} to ${latest}.`,
    );
  }
}

/** Throws conflict for a resolved or rejected issue, which must be reopened before it changes. */
export function requireOpen(issue: VisibleIssue): void {
  if (!(OPEN_ISSUE_STATUSES as readonly string[]).includes(issue.status)) {
    throw new AppError(
      'conflict',
      `Issue ${issue.number} is ${issue.status}; reopen it (POST /api/issues/${issue.id}/reopen) before changing it.`,
    );
  }
}

/** Replaces the invoices of an issue and records invoices_changed when the set differs. */
async function replaceInvoices(
  trx: TenantTransaction,
  principal: Principal,
  params: {
    issue: VisibleIssue;
    entity: { id: string; code: string };
    invoiceIds: readonly string[];
    today: PlainDate;
  },
): Promise<void> {
  const { issue } = params;
  const current = await trx
    .selectFrom('issue_invoices')
    .select('invoice_id')
    .where('issue_id', '=', issue.id)
    .execute();
  const currentIds = current.map((row) => row.invoice_id);
  const debtor = await trx
    .selectFrom('debtors')
    .select(['id', 'number'])
    .where('id', '=', issue.debtor_id)
    .executeTakeFirstOrThrow();
  const invoiceIds = await requireOpenInvoicesOfDebtor(trx, {
    invoiceIds: params.invoiceIds,
    entityId: params.entity.id,
    entityCode: params.entity.code,
    debtor,
    asOf: params.today,
    alreadyLinked: new Set(currentIds),
  });
  const unchanged =
    invoiceIds.length === currentIds.length && invoiceIds.every((id) => currentIds.includes(id));
  if (unchanged) {
    return;
  }
  await trx.deleteFrom('issue_invoices').where('issue_id', '=', issue.id).execute();
  if (invoiceIds.length > 0) {
    await trx
      .insertInto('issue_invoices')
      .values(
        invoiceIds.map((invoiceId) => ({
          organisation_id: principal.organisationId,
          entity_id: issue.entity_id,
          issue_id: issue.id,
          invoice_id: invoiceId,
        })),
      )
      .execute();
  }
  await recordIssueEvent(trx, {
    organisationId: principal.organisationId,
    actor: principal.actor,
    issue,
    kind: 'invoices_changed',
    before: { invoiceIds: currentIds },
    after: { invoiceIds },
  });
}
