import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MessageStatus } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';
import { requireUuid } from './require-uuid.ts';
import { loadBatchSummaries, type BatchSummary } from './list-batches.ts';

export interface BatchMessage {
  id: string;
  debtor: { id: string; number: string; name: string };
  recipient: string | null;
  language: string;
  /** Net total asked for, as a decimal string in `currency`. */
  total: string;
  currency: string;
  status: MessageStatus;
  stepName: string;
  /** Invoices and credit notes the message lists. */
  invoiceCount: number;
  /** Last delivery error; null unless sending failed. */
  error: string | null;
  delivery: MessageDelivery;
}

/**
 * Delivery outcome of a message after it left: the SMS provider's latest
 * status, or "delayed" or "bounced" from an e-mail delivery status notification.
 */
export interface MessageDelivery {
  /** Null until a receipt or notification arrives. */
  status: string | null;
  /** ISO timestamp of the bounce; null unless the e-mail bounced. */
  bouncedAt: string | null;
  /** The DSN status code and diagnostic, such as "5.1.1 user unknown". */
  bounceReason: string | null;
}

/** Builds the delivery part of a message from its stored columns. */
export function toMessageDelivery(row: {
  delivery_status: string | null;
  bounced_at: Date | string | null;
  bounce_reason: string | null;
}): MessageDelivery {
  return {
    status: row.delivery_status,
    bouncedAt: row.bounced_at === null ? null : new Date(row.bounced_at).toISOString(),
    bounceReason: row.bounce_reason,
  };
}

/** Reads one message batch with its messages, ordered by debtor number. */
export async function getBatch(
  executor: Executor,
  params: { batchId: string },
): Promise<{ batch: BatchSummary; messages: BatchMessage[] }> {
  const batchId = requireUuid(params.batchId, 'Message batch');
  const [batch] = await loadBatchSummaries(executor, { batchId });
  if (!batch) {
    throw new AppError('not_found', `Message batch ${params.batchId} does not exist.`);
  }

  const rows = await executor
    .selectFrom('messages as m')
    .innerJoin('debtors as d', 'd.id', 'm.debtor_id')
    // An instalment reminder has no step.
    .leftJoin('steps as s', 's.id', 'm.step_id')
    .select([
      'm.id',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'm.recipient',
      'm.language',
      'm.total_minor',
      'm.currency',
      'm.status',
      sql<string>`coalesce(s.name, 'Instalment reminder')`.as('step_name'),
      'm.error',
      'm.delivery_status',
      'm.bounced_at',
      'm.bounce_reason',
      sql<number>`coalesce(jsonb_array_length(m.explanation -> 'invoices'), 0)`.as('invoice_count'),
    ])
    .where('m.batch_id', '=', batchId)
    .orderBy('d.number')
    .orderBy('s.day_offset')
    .execute();

  const messages = rows.map((row) => ({
    id: row.id,
    debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
    recipient: row.recipient,
    language: row.language,
    total: formatDecimal(row.total_minor, row.currency),
    currency: row.currency,
    status: row.status,
    stepName: row.step_name,
    invoiceCount: row.invoice_count,
    error: row.error,
    delivery: toMessageDelivery(row),
  }));

  return { batch, messages };
}
