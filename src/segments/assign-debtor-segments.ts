import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { SegmentChangeSource } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { loadSegmentDebtors } from './load-segment-debtors.ts';
import { assignSegment, describeSegmentMatch, type SegmentCandidate } from './segment-rules.ts';
import { parseStoredRules } from './segments.ts';

/** Debtors per UPDATE statement, to keep the id list of one statement small. */
const UPDATE_CHUNK_SIZE = 5000;

/**
 * Assigns every debtor of an entity to its segment by the segment rules as
 * of `asOf`, in the caller's transaction, and returns how many debtors
 * changed segment. Each change is written to segment_changes with the rule
 * that matched. Pinned debtors keep their segment. Segments whose stored
 * rules no longer parse are left out.
 *
 * Every import (web, API and command line) and the nightly evaluation call
 * this, so changing a segment's rules moves existing debtors at the latest
 * the next night.
 */
export async function assignDebtorSegments(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    asOf: PlainDate;
    source: Exclude<SegmentChangeSource, 'manual'>;
    actor: string;
  },
): Promise<{ changed: number }> {
  const segments = await loadCandidates(executor);
  if (segments.length === 0) {
    return { changed: 0 };
  }
  const debtors = await loadSegmentDebtors(executor, params);

  const moves = new Map<string, { segment: SegmentCandidate; debtors: typeof debtors }>();
  for (const debtor of debtors) {
    if (debtor.segmentPinned) {
      continue;
    }
    const segment = assignSegment(debtor, segments);
    if (segment && segment.id !== debtor.segmentId) {
      const move = moves.get(segment.id) ?? { segment, debtors: [] };
      move.debtors.push(debtor);
      moves.set(segment.id, move);
    }
  }

  let changed = 0;
  for (const { segment, debtors: moved } of moves.values()) {
    const reason = describeSegmentMatch(segment);
    for (let start = 0; start < moved.length; start += UPDATE_CHUNK_SIZE) {
      const chunk = moved.slice(start, start + UPDATE_CHUNK_SIZE);
      await executor
        .updateTable('debtors')
        .set({ segment_id: segment.id })
        .where('id', '=', sql<string>`any(${chunk.map((debtor) => debtor.id)}::uuid[])`)
        .execute();
      await executor
        .insertInto('segment_changes')
        .values(
          chunk.map((debtor) => ({
            organisation_id: params.organisationId,
            entity_id: params.entityId,
            debtor_id: debtor.id,
            from_segment_id: debtor.segmentId,
            to_segment_id: segment.id,
            reason,
            source: params.source,
            changed_by: params.actor,
          })),
        )
        .execute();
      changed += chunk.length;
    }
  }

  return { changed };
}

async function loadCandidates(executor: Executor): Promise<SegmentCandidate[]> {
  const rows = await executor
    .selectFrom('segments')
    .select(['id', 'name', 'priority', 'is_default', 'rules'])
    .execute();
  const candidates: SegmentCandidate[] = [];
  for (const row of rows) {
    const { rules, valid } = parseStoredRules(row.rules);
    if (valid) {
      candidates.push({
        id: row.id,
        name: row.name,
        priority: row.priority,
        isDefault: row.is_default,
        rules,
      });
    }
  }

  return candidates;
}
