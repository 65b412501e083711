import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import { prepareMessage } from '../messaging/prepare-message.ts';
import { renderSubject } from '../messaging/render-message.ts';

export interface OutboxItem {
  id: string;
  recipient: string | null;
  subject: string;
  status: 'approved';
  channel: MessageChannel;
  entityCode: string;
  createdAt: Date;
}

/** Messages the outbox shows at most, oldest first; the rest wait for the next look. */
export const OUTBOX_LIMIT = 200;

/**
 * Lists the outbox: messages approved but not yet sent, oldest first. E-mails stay
 * here while no SMTP server is configured. Each subject is rendered from the
 * message's templates, as the e-mail will carry it.
 */
export async function listOutbox(executor: Executor): Promise<OutboxItem[]> {
  const rows = await executor
    .selectFrom('messages as m')
    .innerJoin('entities as e', 'e.id', 'm.entity_id')
    .select([
      'm.id',
      'm.recipient',
      'm.channel',
      'e.code',
      sql<Date>`m.created_at`.as('created_at'),
    ])
    .where('m.status', '=', 'approved')
    .orderBy('m.created_at')
    .orderBy('m.id')
    .limit(OUTBOX_LIMIT)
    .execute();

  const items: OutboxItem[] = [];
  for (const row of rows) {
    const subject = await renderSubject(await prepareMessage(executor, { messageId: row.id }));
    items.push({
      id: row.id,
      recipient: row.recipient,
      subject,
      status: 'approved',
      channel: row.channel,
      entityCode: row.code,
      createdAt: row.created_at,
    });
  }

  return items;
}
