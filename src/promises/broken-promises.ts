import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** One debtor's count of broken promises to pay in the 12 months up to a date. */
export interface BrokenPromiseCount {
  debtor_id: string;
  broken_promises: number;
}

/**
 * Builds the query that counts, per debtor of the entity, the broken
 * promises to pay (status 'broken') whose promised date lies in the 12
 * months up to `asOf`: after `asOf` minus 12 months and on or before `asOf`.
 * Segment rules and the stricter-profile escalation of the dunning run both
 * count broken promises with it. `debtorIds`, when given, limits the count
 * to those debtors. Debtors without a broken promise have no row.
 */
export function selectBrokenPromiseCounts(params: {
  entityId: string;
  asOf: PlainDate;
  debtorIds?: readonly string[];
}): RawBuilder<BrokenPromiseCount> {
  const since = sql`(${params.asOf}::date - interval '12 months')::date`;
  const debtorFilter = params.debtorIds
    ? sql`and debtor_id = any(${[...params.debtorIds]}::uuid[])`
    : sql``;

  return sql<BrokenPromiseCount>`
    select debtor_id, count(*)::int as broken_promises
    from promises
    where entity_id = ${params.entityId} and status = 'broken'
      and promised_date > ${since} and promised_date <= ${params.asOf}::date
      ${debtorFilter}
    group by debtor_id
  `;
}

/** Counts the broken promises of `debtorIds` as selectBrokenPromiseCounts does, by debtor id. */
export async function countBrokenPromises(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorIds: readonly string[] },
): Promise<Map<string, number>> {
  if (params.debtorIds.length === 0) {
    return new Map();
  }
  const result = await selectBrokenPromiseCounts(params).execute(executor);

  return new Map(result.rows.map((row) => [row.debtor_id, row.broken_promises]));
}
