import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { DayKind, LocalizedNames } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { localizedNames, readLocalizedNames } from './localized-names.ts';

/** Days an issue's invoices stay on hold after it closes, when the input leaves it out. */
export const DEFAULT_RESUME_AFTER_DAYS = 7;

const categoryFields = {
  name: z.string().trim().min(1).max(100),
  /** Names in other languages; `name` serves every language left out. */
  names: localizedNames,
  /** Whether an open issue of this category stops dunning of the invoices it concerns. */
  pausesDunning: z.boolean(),
  daysToResolve: z.number().int().min(1).max(365),
  /** Whether daysToResolve counts calendar days or the entity's working days. */
  dayKind: z.enum(['calendar', 'working']),
  departmentId: z.uuid().nullable(),
  /** The user a new issue of this category is assigned to; must be an active user. */
  assigneeUserId: z.uuid().nullable(),
  /** The user e-mailed when an issue passes its deadline; without one, escalationEmail. */
  escalationUserId: z.uuid().nullable(),
  escalationEmail: z.email().max(254).nullable(),
  /** Whether a debtor may choose this category in the customer portal. */
  portalSelectable: z.boolean(),
  /** Days after an issue closes before its invoices get a reminder again. */
  resumeAfterDays: z.number().int().min(0).max(90),
  /** An archived category takes no new issues; existing issues keep it. */
  archived: z.boolean(),
};

export const categoryInput = z.object({
  name: categoryFields.name,
  names: categoryFields.names.optional(),
  pausesDunning: categoryFields.pausesDunning,
  daysToResolve: categoryFields.daysToResolve,
  dayKind: categoryFields.dayKind.optional(),
  departmentId: categoryFields.departmentId.optional(),
  assigneeUserId: categoryFields.assigneeUserId.optional(),
  escalationUserId: categoryFields.escalationUserId.optional(),
  escalationEmail: categoryFields.escalationEmail.optional(),
  portalSelectable: categoryFields.portalSelectable.optional(),
  resumeAfterDays: categoryFields.resumeAfterDays.optional(),
  archived: categoryFields.archived.optional(),
});

export type CategoryInput = z.infer<typeof categoryInput>;

export const categoryChange = z.object(categoryFields).partial();

export type CategoryChange = z.infer<typeof categoryChange>;

export interface IssueCategoryView {
  id: string;
  processId: string;
  name: string;
  names: LocalizedNames;
  pausesDunning: boolean;
  daysToResolve: number;
  dayKind: DayKind;
  departmentId: string | null;
  assigneeUserId: string | null;
  escalationUserId: string | null;
  escalationEmail: string | null;
  portalSelectable: boolean;
  resumeAfterDays: number;
  archived: boolean;
}

export const CATEGORY_COLUMNS = [
  'id',
  'process_id',
  'name',
  'names',
  'pauses_dunning',
  'days_to_resolve',
  'day_kind',
  'department_id',
  'assignee_user_id',
  'escalation_user_id',
  'escalation_email',
  'portal_selectable',
  'resume_after_days',
  'archived',
] as const;

interface CategoryRow {
  id: string;
  process_id: string;
  name: string;
  names: unknown;
  pauses_dunning: boolean;
  days_to_resolve: number;
  day_kind: DayKind;
  department_id: string | null;
  assignee_user_id: string | null;
  escalation_user_id: string | null;
  escalation_email: string | null;
  portal_selectable: boolean;
  resume_after_days: number;
  archived: boolean;
}

export function categoryView(row: CategoryRow): IssueCategoryView {
  return {
    id: row.id,
    processId: row.process_id,
    name: row.name,
    names: readLocalizedNames(row.names),
    pausesDunning: row.pauses_dunning,
    daysToResolve: row.days_to_resolve,
    dayKind: row.day_kind,
    departmentId: row.department_id,
    assigneeUserId: row.assignee_user_id,
    escalationUserId: row.escalation_user_id,
    escalationEmail: row.escalation_email,
    portalSelectable: row.portal_selectable,
    resumeAfterDays: row.resume_after_days,
    archived: row.archived,
  };
}

/** Creates an issue category in a process, with an audit event; fields left out get their defaults. */
export async function createCategory(
  executor: Executor,
  context: AuditContext,
  processId: string,
  input: CategoryInput,
): Promise<IssueCategoryView> {
  const process = await executor
    .selectFrom('business_processes')
    .select('id')
    .where('id', '=', processId)
    .executeTakeFirst();
  if (!process) {
    throw new AppError('not_found', `Business process ${processId} does not exist.`);
  }
  await requireReferences(executor, input);
  const row = await guardConstraints(
    () =>
      executor
        .insertInto('issue_categories')
        .values({
          organisation_id: context.organisationId,
          process_id: processId,
          name: input.name,
          names: JSON.stringify(input.names ?? {}),
          pauses_dunning: input.pausesDunning,
          days_to_resolve: input.daysToResolve,
          day_kind: input.dayKind ?? 'calendar',
          department_id: input.departmentId ?? null,
          assignee_user_id: input.assigneeUserId ?? null,
          escalation_user_id: input.escalationUserId ?? null,
          escalation_email: input.escalationEmail ?? null,
          portal_selectable: input.portalSelectable ?? false,
          resume_after_days: input.resumeAfterDays ?? DEFAULT_RESUME_AFTER_DAYS,
          archived: input.archived ?? false,
        })
        .returning(CATEGORY_COLUMNS)
        .executeTakeFirstOrThrow(),
    {
      unique: `The process has a category named "${input.name}" already; choose another name.`,
    },
  );
  const view = categoryView(row);
  await recordAudit(executor, {
    ...context,
    action: 'issue_category.created',
    subjectType: 'issue_category',
    subjectId: view.id,
    after: view,
  });

  return view;
}

/** Changes the given fields of an issue category, with an audit event holding before and after. */
export async function updateCategory(
  executor: Executor,
  context: AuditContext,
  params: { id: string; change: CategoryChange },
): Promise<IssueCategoryView> {
  const before = await getCategory(executor, params.id);
  const { change } = params;
  await requireReferences(executor, change);
  const row = await guardConstraints(
    () =>
      executor
        .updateTable('issue_categories')
        .set(categoryChangeColumns(change))
        .where('id', '=', params.id)
        .returning(CATEGORY_COLUMNS)
        .executeTakeFirstOrThrow(),
    {
      unique: `The process has a category named "${change.name ?? ''}" already; choose another name.`,
    },
  );
  const after = categoryView(row);
  await recordAudit(executor, {
    ...context,
    action: 'issue_category.updated',
    subjectType: 'issue_category',
    subjectId: params.id,
    before,
    after,
  });

  return after;
}

/** Deletes an issue category; "conflict" while an issue uses it, because archiving keeps its history. */
export async function deleteCategory(
  executor: Executor,
  context: AuditContext,
  id: string,
): Promise<void> {
  const before = await getCategory(executor, id);
  await guardConstraints(
    () => executor.deleteFrom('issue_categories').where('id', '=', id).execute(),
    {
      foreignKey: `Issue category "${before.name}" has issues, so it cannot be deleted; archive it instead (archived: true), so that no new issue can use it.`,
    },
  );
  await recordAudit(executor, {
    ...context,
    action: 'issue_category.deleted',
    subjectType: 'issue_category',
    subjectId: id,
    before,
  });
}

export async function getCategory(executor: Executor, id: string): Promise<IssueCategoryView> {
  const row = await executor
    .selectFrom('issue_categories')
    .select(CATEGORY_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Issue category ${id} does not exist.`);
  }

  return categoryView(row);
}

function categoryChangeColumns(change: CategoryChange) {
  const columns = {
    name: change.name,
    names: change.names === undefined ? undefined : JSON.stringify(change.names),
    pauses_dunning: change.pausesDunning,
    days_to_resolve: change.daysToResolve,
    day_kind: change.dayKind,
    department_id: change.departmentId,
    assignee_user_id: change.assigneeUserId,
    escalation_user_id: change.escalationUserId,
    escalation_email: change.escalationEmail,
    portal_selectable: change.portalSelectable,
    resume_after_days: change.resumeAfterDays,
    archived: change.archived,
  };

  // Kysely leaves undefined values out of the SET list, so only given fields change.
  return Object.fromEntries(
    Object.entries(columns).filter(([, value]) => value !== undefined),
  ) as Partial<typeof columns>;
}

/** Checks that the department and users a category names exist in the organisation. */
async function requireReferences(
  executor: Executor,
  input: Pick<CategoryChange, 'departmentId' | 'assigneeUserId' | 'escalationUserId'>,
): Promise<void> {
  await requireDepartment(executor, input.departmentId);
  await requireActiveUser(executor, 'assigneeUserId', input.assigneeUserId);
  await requireActiveUser(executor, 'escalationUserId', input.escalationUserId);
}

async function requireDepartment(
  executor: Executor,
  departmentId: string | null | undefined,
): Promise<void> {
  if (!departmentId) {
    return;
  }
  const department = await executor
    .selectFrom('departments')
    .select('id')
    .where('id', '=', departmentId)
    .executeTakeFirst();
  if (!department) {
    throw new AppError(
      'invalid_input',
      `departmentId: department ${departmentId} does not exist; use the id of a department from GET /api/departments, or null.`,
    );
  }
}

/** Row-level security limits the users table to the caller's organisation. */
async function requireActiveUser(
  executor: Executor,
  field: 'assigneeUserId' | 'escalationUserId',
  userId: string | null | undefined,
): Promise<void> {
  if (!userId) {
    return;
  }
  const user = await executor
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('is_active', '=', true)
    .executeTakeFirst();
  if (!user) {
    throw new AppError(
      'invalid_input',
      `${field}: user ${userId} is not an active user of this organisation; use the id of an active user from GET /api/users, or null.`,
    );
  }
}
