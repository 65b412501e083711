import type { Principal } from '../access/principal.ts';
import { loadSendingCalendar } from '../calendar/sending-days.ts';
import type { TenantTransaction } from '../db/tenant.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { findEntityByCode } from '../entities/add-entity.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { requireDebtorCardAccess } from './issue-access.ts';
import { issueDeadline } from './issue-deadline.ts';
import { queueIssueNotification } from './issue-notification.ts';
import {
  findUsableCategory,
  requireAssignee,
  requireDepartment,
  requireOpenInvoicesOfDebtor,
} from './issue-validation.ts';
import { recordIssueEvent } from './record-issue-event.ts';

export interface RegisterIssueInput {
  entity: string;
  debtorId: string;
  /** The invoices concerned; an empty list registers the issue on the whole debtor. */
  invoiceIds: readonly string[];
  categoryId: string;
  description: string;
  /** Default: the category's department, and for a principal with a department, that one. */
  departmentId?: string | null | undefined;
  /** Default: the category's assignee. */
  assigneeUserId?: string | null | undefined;
}

/**
 * Registers an issue of a debtor on the entity's today, with the deadline
 * that the category's term gives on the entity's calendar. Department and
 * assignee default from the category. A principal with a department may
 * register issues only for that department, which is also its default.
 * A principal without debtors.read may register issues only on a debtor
 * whose card it can see already, which is a debtor with an issue visible
 * to it. Any other debtor is not_found, like a missing one.
 * Writes the "created" event and, when the assignee is another user than
 * the actor, queues the "assigned" e-mail in the same transaction.
 * Returns the new issue's id.
 */
export async function registerIssue(
  trx: TenantTransaction,
  principal: Principal,
  params: {
    input: RegisterIssueInput;
    now: Date;
    jobQueue: Pick<JobQueue, 'send'> | undefined;
  },
): Promise<string> {
  const { input } = params;
  // Registering an issue makes the debtor's card visible to the principal, so it must not
  // reach debtors beyond the cards the principal can see already.
  await requireDebtorCardAccess(trx, principal, input.debtorId);
  const entity = await findEntityByCode(trx, {
    organisationId: principal.organisationId,
    code: input.entity,
  });
  const debtor = await trx
    .selectFrom('debtors')
    .select(['id', 'number'])
    .where('id', '=', input.debtorId)
    .where('entity_id', '=', entity.id)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError(
      'invalid_input',
      `debtorId: debtor ${input.debtorId} does not exist in entity ${entity.code}; choose a debtor of that entity.`,
    );
  }
  const category = await findUsableCategory(trx, input.categoryId);
  const departmentId = await chooseDepartment(trx, principal, {
    requested: input.departmentId,
    categoryDefault: category.department_id,
  });
  const assigneeUserId =
    input.assigneeUserId === undefined ? category.assignee_user_id : input.assigneeUserId;
  if (assigneeUserId !== null) {
    await requireAssignee(trx, {
      userId: assigneeUserId,
      entityId: entity.id,
      entityCode: entity.code,
    });
  }
  const today = todayForEntity(entity, params.now);
  const invoiceIds = await requireOpenInvoicesOfDebtor(trx, {
    invoiceIds: input.invoiceIds,
    entityId: entity.id,
    entityCode: entity.code,
    debtor,
    asOf: today,
  });
  const calendar = await loadSendingCalendar(trx, {
    organisationId: principal.organisationId,
    entityId: entity.id,
  });
  const deadline = issueDeadline(
    today,
    { daysToResolve: category.days_to_resolve, dayKind: category.day_kind },
    calendar,
  );

  const issue = await trx
    .insertInto('issues')
    .values({
      organisation_id: principal.organisationId,
      entity_id: entity.id,
      debtor_id: debtor.id,
      category_id: category.id,
      department_id: departmentId,
      assignee_user_id: assigneeUserId,
      source: principal.actor.startsWith('apikey:') ? 'api' : 'user',
      description: input.description,
      deadline,
      opened_by: principal.actor,
      opened_at: params.now,
      opened_on: today,
    })
    .returning(['id', 'entity_id', 'number'])
    .executeTakeFirstOrThrow();
  if (invoiceIds.length > 0) {
    await trx
      .insertInto('issue_invoices')
      .values(
        invoiceIds.map((invoiceId) => ({
          organisation_id: principal.organisationId,
          entity_id: entity.id,
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
    kind: 'created',
    after: {
      number: issue.number,
      debtorId: debtor.id,
      invoiceIds,
      categoryId: category.id,
      departmentId,
      assigneeUserId,
      description: input.description,
      openedOn: today,
      deadline,
    },
  });
  if (assigneeUserId !== null && assigneeUserId !== principal.actor) {
    await queueIssueNotification(params.jobQueue, trx, {
      organisationId: principal.organisationId,
      issueId: issue.id,
      kind: 'assigned',
      recipientUserId: assigneeUserId,
    });
  }

  return issue.id;
}

/**
 * Returns the department of a new issue: the requested one, else the
 * category's. A principal with a department gets that department by
 * default and is forbidden to register for any other.
 */
async function chooseDepartment(
  trx: TenantTransaction,
  principal: Principal,
  params: { requested: string | null | undefined; categoryDefault: string | null },
): Promise<string | null> {
  const own = principal.departmentId;
  if (own !== null) {
    if (params.requested !== undefined && params.requested !== own) {
      const department = await trx
        .selectFrom('departments')
        .select('name')
        .where('id', '=', own)
        .executeTakeFirst();
      throw new AppError(
        'forbidden',
        `departmentId: you may register issues only for your own department ${department?.name ?? own}; leave departmentId out or set it to ${own}.`,
      );
    }
    return own;
  }
  const departmentId = params.requested === undefined ? params.categoryDefault : params.requested;
  if (departmentId !== null) {
    await requireDepartment(trx, departmentId);
  }

  return departmentId;
}
