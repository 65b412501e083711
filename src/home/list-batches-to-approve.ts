import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { formatDecimal } from '../money/money.ts';

export interface BatchToApprove {
  id: string;
  entityCode: string;
  channel: MessageChannel;
  runDate: PlainDate;
  /** Messages still waiting for approval; removed and already approved ones are left out. */
  messageCount: number;
  /** Sum of the pending messages per currency, as decimal strings, by currency code. */
  totals: Array<{ currency: string; amount: string }>;
}

/**
 * Lists the message batches waiting for approval, oldest run date first.
 * Pending batches are few (one per entity, run date and channel), so the
 * list is not cut off.
 */
export async function listBatchesToApprove(
  executor: Executor,
  params: { entityId?: string | undefined },
): Promise<BatchToApprove[]> {
  let query = executor
    .selectFrom('message_batches as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select(['b.id', 'b.channel', 'b.run_date', 'e.code as entity_code'])
    .where('b.status', '=', 'pending')
    .orderBy('b.run_date')
    .orderBy('e.code')
    .orderBy('b.channel');
  if (params.entityId) {
    query = query.where('b.entity_id', '=', params.entityId);
  }
  const batches = await query.execute();
  if (batches.length === 0) {
    return [];
  }

  const sums = await executor
    .selectFrom('messages')
    .select([
      'batch_id',
      'currency',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`sum(total_minor)::bigint`.as('total_minor'),
    ])
    .where(
      'batch_id',
      'in',
      batches.map((batch) => batch.id),
    )
    .where('status', '=', 'pending')
    .groupBy(['batch_id', 'currency'])
    .orderBy('currency')
    .execute();

  return batches.map((batch) => {
    const rows = sums.filter((row) => row.batch_id === batch.id);

    return {
      id: batch.id,
      entityCode: batch.entity_code,
      channel: batch.channel,
      runDate: batch.run_date,
      messageCount: rows.reduce((count, row) => count + row.count, 0),
      totals: rows.map((row) => ({
        currency: row.currency,
        amount: formatDecimal(row.total_minor, row.currency),
      })),
    };
  });
}
