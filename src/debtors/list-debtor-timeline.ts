import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { toMessageDelivery, type MessageDelivery } from '../dunning/get-batch.ts';

export interface TimelineEntry {
  kind: 'message' | 'call';
  id: string;
  /** Run date of the message's batch, or the due date of the call task. */
  date: PlainDate;
  /** Name of the profile step that made the message or call task. */
  step: string;
  channel: string;
  status: string;
  /** Total the message or call is about, in minor units of `currency`. */
  totalMinor: number;
  currency: string;
  /** Delivery of a message after it left; null for call tasks. */
  delivery: MessageDelivery | null;
}

type TimelineRow = Omit<TimelineEntry, 'delivery'> & {
  delivery_status: string | null;
  bounced_at: Date | string | null;
  bounce_reason: string | null;
};

/** Timeline entries shown on a debtor card, newest first; older ones are left out. */
export const CARD_TIMELINE_LIMIT = 200;

/**
 * Lists the messages and call tasks of a debtor in one list, newest first, so the
 * card shows every contact with the debtor in the order it happened.
 */
export async function listDebtorTimeline(
  executor: Executor,
  params: { debtorId: string },
): Promise<TimelineEntry[]> {
  const result = await sql<TimelineRow>`
    select 'message' as kind, m.id, b.run_date as date, st.name as step, m.channel, m.status,
           m.total_minor as "totalMinor", m.currency, m.created_at,
           m.delivery_status, m.bounced_at, m.bounce_reason
    from messages m
    join message_batches b on b.id = m.batch_id
    join steps st on st.id = m.step_id
    where m.debtor_id = ${params.debtorId}
    union all
    select 'call' as kind, c.id, c.due_date as date, st.name as step, 'call' as channel, c.status,
           c.total_minor as "totalMinor", c.currency, c.created_at,
           null as delivery_status, null as bounced_at, null as bounce_reason
    from call_tasks c
    join steps st on st.id = c.step_id
    where c.debtor_id = ${params.debtorId}
    order by date desc, created_at desc
    limit ${CARD_TIMELINE_LIMIT}
  `.execute(executor);

  return result.rows.map((row) => ({
    kind: row.kind,
    id: row.id,
    date: row.date,
    step: row.step,
    channel: row.channel,
    status: row.status,
    totalMinor: row.totalMinor,
    currency: row.currency,
    delivery: row.kind === 'message' ? toMessageDelivery(row) : null,
  }));
}
