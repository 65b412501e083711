import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import type { SegmentChangeSource } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';

export const debtorSegmentInput = z.object({
  segmentId: z.uuid(),
  /** Keeps the debtor in this segment: imports and the nightly evaluation leave it there. */
  pinned: z.boolean(),
});

export type DebtorSegmentInput = z.infer<typeof debtorSegmentInput>;

export interface DebtorSegmentChange {
  changedAt: string;
  from: { id: string; name: string } | null;
  to: { id: string; name: string } | null;
  reason: string;
  source: SegmentChangeSource;
  changedBy: string;
}

export interface DebtorSegmentView {
  debtorId: string;
  segment: { id: string; name: string } | null;
  pinned: boolean;
  pinnedBy: string | null;
  pinnedAt: string | null;
  /** Newest first, at most HISTORY_LIMIT entries. */
  history: DebtorSegmentChange[];
}

const HISTORY_LIMIT = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads a debtor's segment, whether it is pinned, and its latest segment changes. */
export async function getDebtorSegment(
  executor: Executor,
  debtorId: string,
): Promise<DebtorSegmentView> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .leftJoin('segments as s', 's.id', 'd.segment_id')
    .select(['d.id', 'd.segment_pinned', 'd.segment_pinned_by', 's.id as segment_id'])
    .select(['s.name as segment_name', 'd.segment_pinned_at'])
    .where('d.id', '=', debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${debtorId} does not exist.`);
  }
  const history = await executor
    .selectFrom('segment_changes as c')
    .leftJoin('segments as f', 'f.id', 'c.from_segment_id')
    .leftJoin('segments as t', 't.id', 'c.to_segment_id')
    .select(['c.changed_at', 'c.reason', 'c.source', 'c.changed_by'])
    .select(['f.id as from_id', 'f.name as from_name', 't.id as to_id', 't.name as to_name'])
    .where('c.debtor_id', '=', debtorId)
    .orderBy('c.changed_at', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();

  return {
    debtorId: debtor.id,
    segment:
      debtor.segment_id === null || debtor.segment_name === null
        ? null
        : { id: debtor.segment_id, name: debtor.segment_name },
    pinned: debtor.segment_pinned,
    pinnedBy: debtor.segment_pinned_by,
    pinnedAt: debtor.segment_pinned_at === null ? null : toIso(debtor.segment_pinned_at as Date),
    history: history.map((row) => ({
      changedAt: toIso(row.changed_at),
      from:
        row.from_id === null || row.from_name === null
          ? null
          : { id: row.from_id, name: row.from_name },
      to: row.to_id === null || row.to_name === null ? null : { id: row.to_id, name: row.to_name },
      reason: row.reason,
      source: row.source,
      changedBy: row.changed_by,
    })),
  };
}

/**
 * Puts a debtor in a segment by hand, pinned or not, and logs the change
 * with the user's name as the reason, such as "pinned by anna". A pinned
 * debtor stays in its segment until someone unpins it. An unpinned debtor
 * stays there until the next import or nightly evaluation applies the rules.
 */
export async function setDebtorSegment(
  executor: Executor,
  context: AuditContext,
  params: { debtorId: string; input: DebtorSegmentInput },
): Promise<DebtorSegmentView> {
  const before = await getDebtorSegment(executor, params.debtorId);
  const segment = await executor
    .selectFrom('segments')
    .select(['id', 'name'])
    .where('id', '=', params.input.segmentId)
    .executeTakeFirst();
  if (!segment) {
    throw new AppError(
      'invalid_input',
      `segmentId: segment ${params.input.segmentId} does not exist; use the id of a segment from GET /api/segments.`,
    );
  }
  const { pinned } = params.input;
  if (before.segment?.id === segment.id && before.pinned === pinned) {
    return before;
  }
  const name = await actorName(executor, context.actor);
  const debtor = await executor
    .updateTable('debtors')
    .set({
      segment_id: segment.id,
      segment_pinned: pinned,
      segment_pinned_by: pinned ? name : null,
      segment_pinned_at: pinned ? new Date() : null,
      updated_at: new Date(),
    })
    .where('id', '=', params.debtorId)
    .returning(['entity_id'])
    .executeTakeFirstOrThrow();
  const reason = pinned
    ? `pinned by ${name}`
    : before.pinned
      ? `unpinned by ${name}`
      : `set by ${name}`;
  await executor
    .insertInto('segment_changes')
    .values({
      organisation_id: context.organisationId,
      entity_id: debtor.entity_id,
      debtor_id: params.debtorId,
      from_segment_id: before.segment?.id ?? null,
      to_segment_id: segment.id,
      reason,
      source: 'manual',
      changed_by: context.actor,
    })
    .execute();
  const after = await getDebtorSegment(executor, params.debtorId);
  await recordAudit(executor, {
    ...context,
    action: 'debtor.segment_changed',
    subjectType: 'debtor',
    subjectId: params.debtorId,
    entityId: debtor.entity_id,
    before: { segment: before.segment, pinned: before.pinned },
    after: { segment: after.segment, pinned: after.pinned },
  });

  return after;
}

/** Returns the username for a user id, the API key's name for "apikey:<id>", else the actor itself. */
async function actorName(executor: Executor, actor: string): Promise<string> {
  const id = actor.startsWith('apikey:') ? actor.slice('apikey:'.length) : actor;
  if (!UUID.test(id)) {
    return actor;
  }
  if (actor.startsWith('apikey:')) {
    const key = await executor
      .selectFrom('api_keys')
      .select('name')
      .where('id', '=', id)
      .executeTakeFirst();
    return key ? `API key ${key.name}` : actor;
  }
  const user = await executor
    .selectFrom('users')
    .select('username')
    .where('id', '=', actor)
    .executeTakeFirst();

  return user?.username ?? actor;
}

function toIso(value: Date): string {
  return new Date(value).toISOString();
}
