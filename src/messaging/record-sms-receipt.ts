import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { flagMobileNumber } from './flag-mobile-number.ts';

/** Message statuses that Twilio reports in status callbacks of outbound messages. */
export const TWILIO_MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
  'partially_delivered',
] as const;

export type TwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

/**
 * The order of the statuses in a message's life. Twilio does not promise
 * that callbacks arrive in order, so a status never replaces a later one:
 * a "sent" that arrives after "delivered" changes nothing.
 */
const STATUS_RANK: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  partially_delivered: 4,
  delivered: 5,
  undelivered: 5,
  failed: 5,
  canceled: 5,
  read: 6,
};

/** Statuses that mean the SMS did not reach the handset. */
const UNDELIVERED_STATUSES = new Set(['undelivered', 'failed']);

export type ReceiptOutcome = 'updated' | 'unchanged' | 'unknown_message';

/**
 * Records a delivery receipt of an SMS, in the caller's tenant transaction:
 * the message's delivery status and, for "delivered", the time. An
 * undelivered or failed receipt stores Twilio's error code on the message
 * and flags the number for the debtor, so that the next step goes out as a
 * letter. Receiving the same receipt again changes nothing.
 */
export async function recordSmsReceipt(
  executor: Executor,
  params: {
    organisationId: string;
    providerMessageId: string;
    status: TwilioMessageStatus;
    errorCode: string | null;
  },
): Promise<ReceiptOutcome> {
  const message = await executor
    .selectFrom('messages')
    .select(['id', 'entity_id', 'delivery_status'])
    .where('provider_message_id', '=', params.providerMessageId)
    .where('channel', '=', 'sms')
    .forUpdate()
    .executeTakeFirst();
  if (!message) {
    return 'unknown_message';
  }
  const currentRank =
    message.delivery_status === null ? -1 : (STATUS_RANK[message.delivery_status] ?? -1);
  if ((STATUS_RANK[params.status] ?? -1) <= currentRank) {
    return 'unchanged';
  }

  const undelivered = UNDELIVERED_STATUSES.has(params.status);
  await executor
    .updateTable('messages')
    .set({
      delivery_status: params.status,
      ...(params.status === 'delivered' ? { delivered_at: sql<Date>`now()` } : {}),
      ...(undelivered
        ? {
            error: `Twilio reported the SMS ${params.status}${params.errorCode ? ` (error ${params.errorCode})` : ''}.`,
          }
        : {}),
    })
    .where('id', '=', message.id)
    .execute();
  const flagged = undelivered
    ? await flagMobileNumber(executor, { messageId: message.id, errorCode: params.errorCode })
    : false;
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: 'system',
    action: 'message.delivery_status',
    subjectType: 'message',
    subjectId: message.id,
    entityId: message.entity_id,
    before: { deliveryStatus: message.delivery_status },
    after: { deliveryStatus: params.status, errorCode: params.errorCode, numberFlagged: flagged },
  });

  return 'updated';
}
