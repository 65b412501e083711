import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';

/**
 * Checks on the references of an issue that the request names: category,
 * department, assignee and invoices. Each error names the request field and
 * the way to fix it.
 */

/** Reads a category that new issues may use; invalid_input when it is missing or archived. */
export async function findUsableCategory(executor: Executor, categoryId: string) {
  const category = await executor
    .selectFrom('issue_categories')
    .select([
      'id',
      'name',
      'archived',
      'days_to_resolve',
      'day_kind',
      'department_id',
      'assignee_user_id',
    ])
    .where('id', '=', categoryId)
    .executeTakeFirst();
  if (!category) {
    throw new AppError(
      'invalid_input',
      `categoryId: category ${categoryId} does not exist; choose one of GET /api/issues/categories.`,
    );
  }
  if (category.archived) {
    throw new AppError(
      'invalid_input',
      `categoryId: category "${category.name}" is archived; choose a category that is not archived.`,
    );
  }

  return category;
}

/** Checks that the department exists in the organisation. */
export async function requireDepartment(executor: Executor, departmentId: string): Promise<void> {
  const department = await executor
    .selectFrom('departments')
    .select('id')
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!department) {
    throw new AppError(
      'invalid_input',
      `departmentId: department ${departmentId} does not exist; choose one of GET /api/issues/assignees.`,
    );
  }
}

/**
 * Checks that a user can handle issues of the entity: active, in a group
 * with issues.manage, and not limited to other entities.
 */
export async function requireAssignee(
  executor: Executor,
  params: { userId: string; entityId: string; entityCode: string },
): Promise<void> {
  const user = await executor
    .selectFrom('users as u')
    .leftJoin('user_groups as g', 'g.id', 'u.group_id')
    .select(['u.id', 'u.name', 'u.is_active', 'g.permissions'])
    .where('u.id', '=', params.userId)
    .executeTakeFirst();
  if (!user) {
    throw new AppError(
      'invalid_input',
      `assigneeUserId: user ${params.userId} does not exist; choose one of GET /api/issues/assignees.`,
    );
  }
  if (!user.is_active || !(user.permissions ?? []).includes('issues.manage')) {
    throw new AppError(
      'invalid_input',
      `assigneeUserId: ${user.name} cannot handle issues (the user is inactive or the user group lacks issues.manage); choose one of GET /api/issues/assignees.`,
    );
  }
  const entities = await executor
    .selectFrom('user_entities')
    .select('entity_id')
    .where('user_id', '=', user.id)
    .execute();
  if (entities.length > 0 && !entities.some((entity) => entity.entity_id === params.entityId)) {
    throw new AppError(
      'invalid_input',
      `assigneeUserId: ${user.name} is limited to other entities than ${params.entityCode}; choose a user who works on ${params.entityCode}.`,
    );
  }
}

/**
 * Checks that every invoice exists in the entity, belongs to the debtor and
 * is open on `asOf`, and returns the ids without duplicates. Invoices in
 * `alreadyLinked` need not be open, so that an issue keeps an invoice paid
 * since it was registered. An empty list stands for the whole debtor.
 */
export async function requireOpenInvoicesOfDebtor(
  executor: Executor,
  params: {
    invoiceIds: readonly string[];
    entityId: string;
    entityCode: string;
    debtor: { id: string; number: string };
    asOf: PlainDate;
    alreadyLinked?: ReadonlySet<string>;
  },
): Promise<string[]> {
  const invoiceIds = [...new Set(params.invoiceIds)];
  if (invoiceIds.length === 0) {
    return [];
  }
  const invoices = await executor
    .selectFrom('invoices')
    .select(['id', 'number', 'debtor_id'])
    .where('id', 'in', invoiceIds)
    .where('entity_id', '=', params.entityId)
    .execute();
  const open = await selectOpenInvoices(executor, {
    entityId: params.entityId,
    debtorId: params.debtor.id,
    asOf: params.asOf,
  })
    .where('i.id', 'in', invoiceIds)
    .execute();
  const openIds = new Set(open.map((invoice) => invoice.id));
  for (const invoiceId of invoiceIds) {
    const invoice = invoices.find((candidate) => candidate.id === invoiceId);
    if (!invoice) {
      throw new AppError(
        'invalid_input',
        `invoiceIds: invoice ${invoiceId} does not exist in entity ${params.entityCode}; choose invoices of debtor ${params.debtor.number}.`,
      );
    }
    if (invoice.debtor_id !== params.debtor.id) {
      throw new AppError(
        'invalid_input',
        `invoiceIds: invoice ${invoice.number} belongs to another debtor than ${params.debtor.number}; register one issue per debtor.`,
      );
    }
    if (!openIds.has(invoice.id) && !params.alreadyLinked?.has(invoice.id)) {
      throw new AppError(
        'invalid_input',
        `invoiceIds: invoice ${invoice.number} is not open (paid or closed); choose open invoices, or send an empty list for the whole debtor.`,
      );
    }
  }

  return invoiceIds;
}
