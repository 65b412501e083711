import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';
import { guardConstraints } from '../provisioning/database-errors.ts';
import {
  SEGMENT_OPERATORS,
  normaliseRule,
  segmentRuleInput,
  type SegmentRule,
  type SegmentRuleInput,
} from './segment-rules.ts';

export const segmentInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** Segments are tried from the lowest number up; default 100. */
  priority: z.number().int().min(0).max(100_000).optional(),
  rules: z.array(segmentRuleInput).max(50).optional(),
  profileId: z.uuid(),
  /** Makes this the default segment, which the previous default stops being. */
  isDefault: z.boolean().optional(),
});

export type SegmentInput = z.infer<typeof segmentInput>;

export const segmentChange = segmentInput.partial();

export type SegmentChange = z.infer<typeof segmentChange>;

export interface SegmentView {
  id: string;
  name: string;
  priority: number;
  isDefault: boolean;
  rules: SegmentRule[];
  profile: { id: string; name: string };
}

const storedRule = z.object({
  field: z.string(),
  operator: z.enum(SEGMENT_OPERATORS),
  value: z.union([z.string(), z.number(), z.array(z.string())]).nullable(),
});

/**
 * Reads stored rules. A rule that no longer parses is kept out of the
 * result; `valid` is then false, and assignSegment must not use the segment.
 */
export function parseStoredRules(rules: unknown): { rules: SegmentRule[]; valid: boolean } {
  const parsed = z.array(storedRule).safeParse(rules);

  return parsed.success ? { rules: parsed.data, valid: true } : { rules: [], valid: false };
}

/** Lists the segments in the order assignSegment tries them: by priority, then name, the default last. */
export async function listSegments(executor: Executor): Promise<SegmentView[]> {
  const rows = await executor
    .selectFrom('segments as s')
    .innerJoin('succession_profiles as p', 'p.id', 's.profile_id')
    .select(['s.id', 's.name', 's.priority', 's.is_default', 's.rules', 'p.id as profile_id'])
    .select('p.name as profile_name')
    .orderBy('s.is_default')
    .orderBy('s.priority')
    .orderBy('s.name')
    .execute();

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    priority: row.priority,
    isDefault: row.is_default,
    rules: parseStoredRules(row.rules).rules,
    profile: { id: row.profile_id, name: row.profile_name },
  }));
}

export async function getSegment(executor: Executor, id: string): Promise<SegmentView> {
  const found = (await listSegments(executor)).find((segment) => segment.id === id);
  if (!found) {
    throw new AppError('not_found', `Segment ${id} does not exist.`);
  }

  return found;
}

/**
 * Creates a segment. A default segment takes over from the previous default,
 * so that there is always exactly one, and has no rules: it is the fallback
 * for debtors that no other segment matches. Every other segment needs at
 * least one rule.
 */
export async function createSegment(
  executor: Executor,
  context: AuditContext,
  input: SegmentInput,
): Promise<SegmentView> {
  const isDefault = input.isDefault ?? false;
  const rules = normaliseRules(input.rules ?? [], isDefault);
  await requireProfile(executor, input.profileId);
  if (isDefault) {
    await clearDefault(executor);
  }
  const row = await guardConstraints(
    () =>
      executor
        .insertInto('segments')
        .values({
          organisation_id: context.organisationId,
          name: input.name,
          priority: input.priority ?? 100,
          rules: JSON.stringify(rules),
          profile_id: input.profileId,
          is_default: isDefault,
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    { unique: `A segment named "${input.name}" exists already; choose another name.` },
  );
  const view = await getSegment(executor, row.id);
  await recordAudit(executor, {
    ...context,
    action: 'segment.created',
    subjectType: 'segment',
    subjectId: row.id,
    after: view,
  });

  return view;
}

/** Changes a segment; the default cannot stop being the default except by making another one default. */
export async function updateSegment(
  executor: Executor,
  context: AuditContext,
  params: { id: string; change: SegmentChange },
): Promise<SegmentView> {
  const before = await getSegment(executor, params.id);
  const { change } = params;
  if (before.isDefault && change.isDefault === false) {
    throw new AppError(
      'invalid_input',
      'isDefault: there must be one default segment; make another segment the default instead.',
    );
  }
  const isDefault = change.isDefault ?? before.isDefault;
  const rules = change.rules === undefined ? before.rules : change.rules;
  const normalised = normaliseRules(rules, isDefault);
  if (change.profileId !== undefined) {
    await requireProfile(executor, change.profileId);
  }
  if (isDefault && !before.isDefault) {
    await clearDefault(executor);
  }
  await guardConstraints(
    () =>
      executor
        .updateTable('segments')
        .set({
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.priority === undefined ? {} : { priority: change.priority }),
          ...(change.profileId === undefined ? {} : { profile_id: change.profileId }),
          rules: JSON.stringify(normalised),
          is_default: isDefault,
        })
        .where('id', '=', params.id)
        .execute(),
    { unique: `A segment named "${change.name ?? ''}" exists already; choose another name.` },
  );
  const after = await getSegment(executor, params.id);
  await recordAudit(executor, {
    ...context,
    action: 'segment.updated',
    subjectType: 'segment',
    subjectId: params.id,
    before,
    after,
  });

  return after;
}

/**
 * Deletes a segment other than the default. Its debtors lose their segment
 * and are dunned with the default segment's profile until they are assigned again.
 */
export async function deleteSegment(
  executor: Executor,
  context: AuditContext,
  id: string,
): Promise<void> {
  const before = await getSegment(executor, id);
  if (before.isDefault) {
    throw new AppError(
      'conflict',
      `Segment "${before.name}" is the default segment; make another segment the default before deleting it.`,
    );
  }
  await executor.deleteFrom('segments').where('id', '=', id).execute();
  await recordAudit(executor, {
    ...context,
    action: 'segment.deleted',
    subjectType: 'segment',
    subjectId: id,
    before,
  });
}

function normaliseRules(rules: readonly SegmentRuleInput[], isDefault: boolean): SegmentRule[] {
  if (isDefault && rules.length > 0) {
    throw new AppError(
      'invalid_input',
      'rules: the default segment takes every debtor that no other segment matches, so it has no rules; remove them.',
    );
  }
  if (!isDefault && rules.length === 0) {
    throw new AppError(
      'invalid_input',
      'rules: a segment other than the default needs at least one rule, such as {"field": "kind", "operator": "equals", "value": "b2c"}.',
    );
  }
  const normalised: SegmentRule[] = [];
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    const result = normaliseRule(rule);
    if (typeof result === 'string') {
      problems.push(`rules.${index}: ${result}`);
    } else {
      normalised.push(result);
    }
  });
  if (problems.length > 0) {
    throw new AppError('invalid_input', `Invalid segment rules: ${problems.join('; ')}.`, {
      problems,
    });
  }

  return normalised;
}

async function requireProfile(executor: Executor, profileId: string): Promise<void> {
  const profile = await executor
    .selectFrom('succession_profiles')
    .select('id')
    .where('id', '=', profileId)
    .executeTakeFirst();
  if (!profile) {
    throw new AppError(
      'invalid_input',
      `profileId: succession profile ${profileId} does not exist; use the id of a profile from GET /api/profiles.`,
    );
  }
}

async function clearDefault(executor: Executor): Promise<void> {
  await executor
    .updateTable('segments')
    .set({ is_default: false })
    .where('is_default', '=', true)
    .execute();
}
