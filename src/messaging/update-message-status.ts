import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import type { MessageStatus } from '../db/schema.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { TenantTransaction } from '../db/tenant.ts';

const MAX_ERROR_LENGTH = 1000;

/**
 * Moves a message from `from` to `to` only if it still has status `from`,
 * and returns whether it did. This conditional update is what lets one
 * sender, and only one, claim a message.
 */
export async function transitionMessage(
  trx: TenantTransaction,
  params: {
    messageId: string;
    from: MessageStatus;
    to: MessageStatus;
    smtpMessageId?: string;
    error?: string | null;
  },
): Promise<boolean> {
  const updated = await trx
    .updateTable('messages')
    .set({
      status: params.to,
      ...(params.smtpMessageId ? { smtp_message_id: params.smtpMessageId } : {}),
      ...(params.to === 'sent' ? { sent_at: sql<Date>`now()`, error: null } : {}),
      ...(params.error !== undefined ? { error: params.error } : {}),
    })
    .where('id', '=', params.messageId)
    .where('status', '=', params.from)
    .returning('id')
    .executeTakeFirst();

  return updated !== undefined;
}

/** Marks a message failed, in its own transaction, if it still has status `from`. */
export async function markMessageFailed(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; from: MessageStatus; error: unknown },
): Promise<string> {
  const text = describeError(params.error);
  await withOrganisation(database, params.organisationId, (trx) =>
    transitionMessage(trx, { ...params, to: 'failed', error: text }),
  );

  return text;
}

/**
 * Builds the error text stored with a failed message: the error message,
 * cut to 1,000 characters, with any user:password in a URL removed.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);

  return message.replace(/\/\/[^\s/@]+@/g, '//').slice(0, MAX_ERROR_LENGTH);
}
