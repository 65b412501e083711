import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** The steps of the provisioning wizard, in the order it shows them. */
export const PROVISIONING_STEPS = [
  'organisation',
  'entities',
  'users',
  'processes',
  'segments',
  'profiles',
  'channels',
  'import',
  'review',
] as const;

export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

export function isProvisioningStep(value: string): value is ProvisioningStep {
  return (PROVISIONING_STEPS as readonly string[]).includes(value);
}

/** The column mapping of an entity's last wizard import, kept so that the next import can reuse it. */
const savedMappingSchema = z.object({
  /** The mapping in the layout of a mapping file: {columns: {header: field}, dateFormat?, ...}. */
  mapping: z.unknown(),
  fileName: z.string(),
  savedAt: z.string(),
});

export type SavedMapping = z.infer<typeof savedMappingSchema>;

/**
 * The JSON document in organisations.provisioning. Keys that this version
 * does not know are kept when the document is written back.
 */
const provisioningDocumentSchema = z.looseObject({
  /** Steps finished, by key, in the order they were finished. */
  completedSteps: z.array(z.string()).optional(),
  /** The step the wizard resumes at. */
  currentStep: z.string().optional(),
  /** Saved import mappings by entity id. */
  savedMappings: z.record(z.string(), savedMappingSchema).optional(),
});

export type ProvisioningDocument = z.infer<typeof provisioningDocumentSchema>;

export interface ProvisioningProgress {
  currentStep: ProvisioningStep;
  steps: Array<{ key: ProvisioningStep; done: boolean }>;
}

/**
 * Reads the organisation's provisioning document. With `forUpdate`, the
 * organisation row stays locked until the transaction ends, so that two
 * requests that change the document cannot overwrite each other's change.
 * A document that does not parse reads as empty.
 */
export async function readProvisioningDocument(
  executor: Executor,
  params: { organisationId: string; forUpdate?: boolean },
): Promise<ProvisioningDocument> {
  let query = executor
    .selectFrom('organisations')
    .select('provisioning')
    .where('id', '=', params.organisationId);
  if (params.forUpdate) {
    query = query.forUpdate();
  }
  const row = await query.executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Organisation ${params.organisationId} does not exist.`);
  }
  const parsed = provisioningDocumentSchema.safeParse(row.provisioning);

  return parsed.success ? parsed.data : {};
}

export async function writeProvisioningDocument(
  executor: Executor,
  params: { organisationId: string; document: ProvisioningDocument },
): Promise<void> {
  await executor
    .updateTable('organisations')
    .set({ provisioning: JSON.stringify(params.document) })
    .where('id', '=', params.organisationId)
    .execute();
}

/**
 * Returns the wizard's progress. Without a stored current step, the wizard
 * resumes at the first step not done, or at the review when all are done.
 */
export function describeProgress(document: ProvisioningDocument): ProvisioningProgress {
  const done = new Set(document.completedSteps ?? []);
  const steps = PROVISIONING_STEPS.map((key) => ({ key, done: done.has(key) }));
  const stored = document.currentStep;
  const currentStep =
    stored !== undefined && isProvisioningStep(stored)
      ? stored
      : (steps.find((step) => !step.done)?.key ?? 'review');

  return { currentStep, steps };
}

/**
 * Moves the wizard to `currentStep` and marks `completedStep` done, in the
 * caller's transaction, with an audit event. Marking a step done twice
 * keeps it once.
 */
export async function updateProgress(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    currentStep?: ProvisioningStep | undefined;
    completedStep?: ProvisioningStep | undefined;
  },
): Promise<ProvisioningProgress> {
  const { organisationId } = params;
  const document = await readProvisioningDocument(executor, { organisationId, forUpdate: true });
  const before = describeProgress(document);
  const completed = document.completedSteps ?? [];
  const next: ProvisioningDocument = {
    ...document,
    completedSteps:
      params.completedStep && !completed.includes(params.completedStep)
        ? [...completed, params.completedStep]
        : completed,
    currentStep: params.currentStep ?? document.currentStep,
  };
  await writeProvisioningDocument(executor, { organisationId, document: next });
  const after = describeProgress(next);
  await recordAudit(executor, {
    organisationId,
    actor: params.actor,
    action: 'provisioning.updated',
    subjectType: 'organisation',
    subjectId: organisationId,
    before: { currentStep: before.currentStep, completedSteps: completed },
    after: { currentStep: after.currentStep, completedSteps: next.completedSteps },
  });

  return after;
}

/** Returns the mapping saved for an entity by its last wizard import, if any. */
export async function findSavedMapping(
  executor: Executor,
  params: { organisationId: string; entityId: string },
): Promise<SavedMapping | undefined> {
  const document = await readProvisioningDocument(executor, params);

  return document.savedMappings?.[params.entityId];
}

/** Stores the mapping of an import for its entity, replacing the one saved before. */
export async function saveMapping(
  executor: Executor,
  params: { organisationId: string; entityId: string; mapping: unknown; fileName: string },
): Promise<void> {
  const { organisationId } = params;
  const document = await readProvisioningDocument(executor, { organisationId, forUpdate: true });
  const saved: SavedMapping = {
    mapping: params.mapping,
    fileName: params.fileName,
    savedAt: new Date().toISOString(),
  };
  await writeProvisioningDocument(executor, {
    organisationId,
    document: {
      ...document,
      savedMappings: { ...document.savedMappings, [params.entityId]: saved },
    },
  });
}
