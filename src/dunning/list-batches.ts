import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MessageChannel, MessageStatus } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { formatDecimal } from '../money/money.ts';

export interface BatchSummary {
  id: string;
  runDate: PlainDate;
  channel: MessageChannel;
  status: 'pending' | 'approved' | 'sent';
  entityCode: string;
  /** Number of messages in the batch, in total and per status. */
  messages: { total: number } & Record<MessageStatus, number>;
  /** Sum of the totals of the messages not removed, per currency, as decimal strings. */
  totals: Array<{ currency: string; amount: string }>;
}

/**
 * Lists message batches, newest run date first. With `date` it lists the
 * batches of that run date. Without it, it lists the batches not yet sent
 * and those of the last 30 days, counted from the database server's date.
 */
export async function listBatches(
  executor: Executor,
  params: { entityId?: string; date?: PlainDate },
): Promise<BatchSummary[]> {
  return loadBatchSummaries(executor, params);
}

export async function loadBatchSummaries(
  executor: Executor,
  params: { entityId?: string; date?: PlainDate; batchId?: string },
): Promise<BatchSummary[]> {
  let query = executor
    .selectFrom('message_batches as b')
    .innerJoin('entities as e', 'e.id', 'b.entity_id')
    .select(['b.id', 'b.run_date', 'b.channel', 'b.status', 'e.code'])
    .orderBy('b.run_date', 'desc')
    .orderBy('e.code')
    .orderBy('b.channel');
  if (params.batchId) {
    query = query.where('b.id', '=', params.batchId);
  }
  if (params.entityId) {
    query = query.where('b.entity_id', '=', params.entityId);
  }
  if (params.date) {
    query = query.where('b.run_date', '=', params.date);
  } else if (!params.batchId) {
    query = query.where((eb) =>
      eb.or([eb('b.status', '<>', 'sent'), eb('b.run_date', '>=', sql<string>`current_date - 30`)]),
    );
  }
  const batches = await query.execute();
  if (batches.length === 0) {
    return [];
  }

  const counts = await executor
    .selectFrom('messages')
    .select([
      'batch_id',
      'status',
      'currency',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`sum(total_minor)::bigint`.as('total_minor'),
    ])
    .where(
      'batch_id',
      'in',
      batches.map((batch) => batch.id),
    )
    .groupBy(['batch_id', 'status', 'currency'])
    .execute();

  return batches.map((batch) => {
    const rows = counts.filter((row) => row.batch_id === batch.id);
    const messages = {
      total: 0,
      pending: 0,
      removed: 0,
      approved: 0,
      sending: 0,
      sent: 0,
      failed: 0,
    };
    const totals = new Map<string, number>();
    for (const row of rows) {
      messages.total += row.count;
      messages[row.status] += row.count;
      if (row.status !== 'removed') {
        totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.total_minor);
      }
    }

    return {
      id: batch.id,
      runDate: batch.run_date,
      channel: batch.channel,
      status: batch.status,
      entityCode: batch.code,
      messages,
      totals: [...totals]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([currency, minor]) => ({ currency, amount: formatDecimal(minor, currency) })),
    };
  });
}
