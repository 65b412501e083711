import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import { PRESET_PROCESSES } from './process-presets.ts';

const name = z.string().trim().min(1).max(100);

export const categoryInput = z.object({
  name,
  /** Whether an open issue of this category stops dunning of the invoices it concerns. */
  pausesDunning: z.boolean(),
  daysToResolve: z.number().int().min(1).max(365),
  departmentId: z.uuid().nullable().optional(),
});

export type CategoryInput = z.infer<typeof categoryInput>;

export const categoryChange = categoryInput.partial();

export type CategoryChange = z.infer<typeof categoryChange>;

export const processInput = z.object({
  name,
  categories: z.array(categoryInput).max(100).optional(),
});

export type ProcessInput = z.infer<typeof processInput>;

export interface IssueCategoryView {
  id: string;
  name: string;
  pausesDunning: boolean;
  daysToResolve: number;
  departmentId: string | null;
}

export interface BusinessProcessView {
  id: string;
  name: string;
  categories: IssueCategoryView[];
}

/** Lists the organisation's business processes with their issue categories, by name. */
export async function listBusinessProcesses(executor: Executor): Promise<BusinessProcessView[]> {
  const processes = await executor
    .selectFrom('business_processes')
    .select(['id', 'name'])
    .orderBy('name')
    .execute();
  const categories = await executor
    .selectFrom('issue_categories')
    .select(['id', 'process_id', 'name', 'pauses_dunning', 'days_to_resolve', 'department_id'])
    .orderBy('name')
    .execute();

  return processes.map((process) => ({
    id: process.id,
    name: process.name,
    categories: categories
      .filter((category) => category.process_id === process.id)
      .map(categoryView),
  }));
}

export async function getBusinessProcess(
  executor: Executor,
  id: string,
): Promise<BusinessProcessView> {
  const found = (await listBusinessProcesses(executor)).find((process) => process.id === id);
  if (!found) {
    throw new AppError('not_found', `Business process ${id} does not exist.`);
  }

  return found;
}

/** Creates a business process with its categories, all or nothing, with audit events. */
export async function createBusinessProcess(
  executor: Executor,
  context: AuditContext,
  input: ProcessInput,
): Promise<BusinessProcessView> {
  const duplicate = findDuplicateName(input.categories ?? []);
  if (duplicate) {
    throw new AppError(
      'invalid_input',
      `categories: the name "${duplicate}" appears twice; give each category of a process its own name.`,
    );
  }
  const process = await guardConstraints(
    () =>
      executor
        .insertInto('business_processes')
        .values({ organisation_id: context.organisationId, name: input.name })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),
    { unique: `A business process named "${input.name}" exists already; choose another name.` },
  );
  await recordAudit(executor, {
    ...context,
    action: 'business_process.created',
    subjectType: 'business_process',
    subjectId: process.id,
    after: { name: process.name },
  });
  for (const category of input.categories ?? []) {
    await createCategory(executor, context, process.id, category);
  }

  return getBusinessProcess(executor, process.id);
}

export async function renameBusinessProcess(
  executor: Executor,
  context: AuditContext,
  params: { id: string; name: string },
): Promise<BusinessProcessView> {
  const before = await getBusinessProcess(executor, params.id);
  await guardConstraints(
    () =>
      executor
        .updateTable('business_processes')
        .set({ name: params.name })
        .where('id', '=', params.id)
        .execute(),
    { unique: `A business process named "${params.name}" exists already; choose another name.` },
  );
  await recordAudit(executor, {
    ...context,
    action: 'business_process.updated',
    subjectType: 'business_process',
    subjectId: params.id,
    before: { name: before.name },
    after: { name: params.name },
  });

  return getBusinessProcess(executor, params.id);
}

/** Deletes a business process and its categories; "conflict" while an issue uses one of them. */
export async function deleteBusinessProcess(
  executor: Executor,
  context: AuditContext,
  id: string,
): Promise<void> {
  const before = await getBusinessProcess(executor, id);
  await guardConstraints(
    () => executor.deleteFrom('business_processes').where('id', '=', id).execute(),
    {
      foreignKey: `Business process "${before.name}" has categories with issues, so it cannot be deleted; rename it instead.`,
    },
  );
  await recordAudit(executor, {
    ...context,
    action: 'business_process.deleted',
    subjectType: 'business_process',
    subjectId: id,
    before,
  });
}

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
  await requireDepartment(executor, input.departmentId);
  const row = await guardConstraints(
    () =>
      executor
        .insertInto('issue_categories')
        .values({
          organisation_id: context.organisationId,
          process_id: processId,
          name: input.name,
          pauses_dunning: input.pausesDunning,
          days_to_resolve: input.daysToResolve,
          department_id: input.departmentId ?? null,
        })
        .returning(['id', 'name', 'pauses_dunning', 'days_to_resolve', 'department_id'])
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
    after: { processId, ...view },
  });

  return view;
}

export async function updateCategory(
  executor: Executor,
  context: AuditContext,
  params: { id: string; change: CategoryChange },
): Promise<IssueCategoryView> {
  const before = await getCategory(executor, params.id);
  const { change } = params;
  await requireDepartment(executor, change.departmentId);
  const row = await guardConstraints(
    () =>
      executor
        .updateTable('issue_categories')
        .set({
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.pausesDunning === undefined ? {} : { pauses_dunning: change.pausesDunning }),
          ...(change.daysToResolve === undefined ? {} : { days_to_resolve: change.daysToResolve }),
          ...(change.departmentId === undefined ? {} : { department_id: change.departmentId }),
        })
        .where('id', '=', params.id)
        .returning(['id', 'name', 'pauses_dunning', 'days_to_resolve', 'department_id'])
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

/** Deletes an issue category; "conflict" while an issue uses it. */
export async function deleteCategory(
  executor: Executor,
  context: AuditContext,
  id: string,
): Promise<void> {
  const before = await getCategory(executor, id);
  await guardConstraints(
    () => executor.deleteFrom('issue_categories').where('id', '=', id).execute(),
    {
      foreignKey: `Issue category "${before.name}" has issues, so it cannot be deleted; rename it instead.`,
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

/**
 * Creates the preset business processes and those of their categories that
 * do not exist yet, matched by name, so that running it again adds nothing.
 * A category's department is the preset department of that name, or none
 * when the organisation has deleted it.
 */
export async function createPresetProcesses(
  executor: Executor,
  context: AuditContext,
): Promise<{ created: { processes: number; categories: number } }> {
  const created = { processes: 0, categories: 0 };
  const departments = await executor.selectFrom('departments').select(['id', 'name']).execute();
  const departmentId = (departmentName: string | null) =>
    departments.find((department) => department.name === departmentName)?.id ?? null;

  for (const preset of PRESET_PROCESSES) {
    let process = await executor
      .selectFrom('business_processes')
      .select('id')
      .where('name', '=', preset.name)
      .executeTakeFirst();
    if (!process) {
      process = await createBusinessProcess(executor, context, { name: preset.name });
      created.processes += 1;
    }
    const processId = process.id;
    const existing = await executor
      .selectFrom('issue_categories')
      .select('name')
      .where('process_id', '=', processId)
      .execute();
    const existingNames = new Set(existing.map((category) => category.name));
    for (const category of preset.categories) {
      if (existingNames.has(category.name)) {
        continue;
      }
      await createCategory(executor, context, processId, {
        name: category.name,
        pausesDunning: category.pausesDunning,
        daysToResolve: category.daysToResolve,
        departmentId: departmentId(category.department),
      });
      created.categories += 1;
    }
  }

  return { created };
}

async function getCategory(executor: Executor, id: string): Promise<IssueCategoryView> {
  const row = await executor
    .selectFrom('issue_categories')
    .select(['id', 'name', 'pauses_dunning', 'days_to_resolve', 'department_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Issue category ${id} does not exist.`);
  }

  return categoryView(row);
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

function findDuplicateName(categories: readonly CategoryInput[]): string | undefined {
  const seen = new Set<string>();
  for (const category of categories) {
    if (seen.has(category.name)) {
      return category.name;
    }
    seen.add(category.name);
  }

  return undefined;
}

function categoryView(row: {
  id: string;
  name: string;
  pauses_dunning: boolean;
  days_to_resolve: number;
  department_id: string | null;
}): IssueCategoryView {
  return {
    id: row.id,
    name: row.name,
    pausesDunning: row.pauses_dunning,
    daysToResolve: row.days_to_resolve,
    departmentId: row.department_id,
  };
}
