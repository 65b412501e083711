import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { assignSegment, type SegmentCandidate } from './segment-rules.ts';
import { parseStoredRules } from './segments.ts';

/** Debtors per UPDATE statement, to keep the id list of one statement small. */
const UPDATE_CHUNK_SIZE = 5000;

/**
 * Assigns every debtor of an entity to its segment by the segment rules, in
 * the caller's transaction, and returns how many debtors changed segment.
 * Segments whose stored rules no longer parse are left out.
 *
 * TODO: only the wizard's import (POST /api/imports) calls this. The
 * command-line import leaves new debtors in the default segment, and
 * changing a segment's rules does not reassign existing debtors.
 */
export async function assignDebtorSegments(
  executor: Executor,
  params: { entityId: string },
): Promise<{ changed: number }> {
  const entity = await executor
    .selectFrom('entities')
    .select('language')
    .where('id', '=', params.entityId)
    .executeTakeFirstOrThrow();
  const segments = await loadCandidates(executor);
  if (segments.length === 0) {
    return { changed: 0 };
  }
  const debtors = await executor
    .selectFrom('debtors')
    .select([
      'id',
      'kind',
      'country',
      'language',
      'risk_score',
      'credit_limit_minor',
      'custom',
      'segment_id',
    ])
    .where('entity_id', '=', params.entityId)
    .execute();

  const moves = new Map<string, string[]>();
  for (const debtor of debtors) {
    const segment = assignSegment(
      {
        kind: debtor.kind,
        country: debtor.country,
        language: debtor.language ?? entity.language,
        riskScore: debtor.risk_score,
        creditLimitMinor: debtor.credit_limit_minor,
        custom: debtor.custom,
      },
      segments,
    );
    if (segment && segment.id !== debtor.segment_id) {
      const ids = moves.get(segment.id) ?? [];
      ids.push(debtor.id);
      moves.set(segment.id, ids);
    }
  }

  let changed = 0;
  for (const [segmentId, ids] of moves) {
    for (let start = 0; start < ids.length; start += UPDATE_CHUNK_SIZE) {
      const chunk = ids.slice(start, start + UPDATE_CHUNK_SIZE);
      await executor
        .updateTable('debtors')
        .set({ segment_id: segmentId })
        .where('id', '=', sql<string>`any(${chunk}::uuid[])`)
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
