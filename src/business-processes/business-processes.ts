import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { LocalizedNames } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import {
  CATEGORY_COLUMNS,
  categoryInput,
  categoryView,
  createCategory,
  type CategoryInput,
  type IssueCategoryView,
} from './issue-categories.ts';
import { localizedNames, readLocalizedNames } from './localized-names.ts';
import { PRESET_PROCESSES } from './process-presets.ts';

const name = z.string().trim().min(1).max(100);

export const processInput = z.object({
  name,
  /** Names in other languages; `name` serves every language left out. */
  names: localizedNames.optional(),
  categories: z.array(categoryInput).max(100).optional(),
});

export type ProcessInput = z.infer<typeof processInput>;

export const processChange = z
  .object({ name, names: localizedNames })
  .partial()
  .refine((change) => change.name !== undefined || change.names !== undefined, {
    message: 'give name, names or both',
  });

export type ProcessChange = z.infer<typeof processChange>;

export interface BusinessProcessView {
  id: string;
  name: string;
  names: LocalizedNames;
  /** Every category, archived ones included, by name. */
  categories: IssueCategoryView[];
}

/** Lists the organisation's business processes with their issue categories, by name. */
export async function listBusinessProcesses(executor: Executor): Promise<BusinessProcessView[]> {
  const processes = await executor
    .selectFrom('business_processes')
    .select(['id', 'name', 'names'])
    .orderBy('name')
    .execute();
  const categories = await executor
    .selectFrom('issue_categories')
    .select(CATEGORY_COLUMNS)
    .orderBy('name')
    .execute();

  return processes.map((process) => ({
    id: process.id,
    name: process.name,
    names: readLocalizedNames(process.names),
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
        .values({
          organisation_id: context.organisationId,
          name: input.name,
          names: JSON.stringify(input.names ?? {}),
        })
        .returning(['id', 'name', 'names'])
        .executeTakeFirstOrThrow(),
    { unique: `A business process named "${input.name}" exists already; choose another name.` },
  );
  await recordAudit(executor, {
    ...context,
    action: 'business_process.created',
    subjectType: 'business_process',
    subjectId: process.id,
    after: { name: process.name, names: readLocalizedNames(process.names) },
  });
  for (const category of input.categories ?? []) {
    await createCategory(executor, context, process.id, category);
  }

  return getBusinessProcess(executor, process.id);
}

/** Changes the name or the names of a business process, with an audit event. */
export async function updateBusinessProcess(
  executor: Executor,
  context: AuditContext,
  params: { id: string; change: ProcessChange },
): Promise<BusinessProcessView> {
  const before = await getBusinessProcess(executor, params.id);
  const { change } = params;
  const newName = change.name ?? before.name;
  await guardConstraints(
    () =>
      executor
        .updateTable('business_processes')
        .set({
          name: newName,
          names: JSON.stringify(change.names ?? before.names),
        })
        .where('id', '=', params.id)
        .execute(),
    { unique: `A business process named "${newName}" exists already; choose another name.` },
  );
  const after = await getBusinessProcess(executor, params.id);
  await recordAudit(executor, {
    ...context,
    action: 'business_process.updated',
    subjectType: 'business_process',
    subjectId: params.id,
    before: { name: before.name, names: before.names },
    after: { name: after.name, names: after.names },
  });

  return after;
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
      foreignKey: `Business process "${before.name}" has categories with issues, so it cannot be deleted; archive those categories instead (archived: true).`,
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

/**
 * Creates the preset business processes and those of their categories that
 * do not exist yet, matched by name, so that running it again adds nothing.
 * A category's department is the preset department of that name, or none
 * when the organisation has deleted it. Categories renamed by the
 * organisation no longer match, so running it again adds the preset anew.
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
      process = await createBusinessProcess(executor, context, {
        name: preset.name,
        names: preset.names,
      });
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
      const { department, ...settings } = category;
      await createCategory(executor, context, processId, {
        ...settings,
        departmentId: departmentId(department),
      });
      created.categories += 1;
    }
  }

  return { created };
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
