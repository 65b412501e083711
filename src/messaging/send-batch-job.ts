import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { MailTransport } from './create-mail-transport.ts';
import type { SmsSendOptions } from './send-sms-message.ts';
import { sendApprovedMessages, type SendResult } from './send-approved-messages.ts';

/** Payload of the job that sends an approved message batch. */
export const sendBatchJobPayload = z.object({
  organisationId: z.string().uuid(),
  batchId: z.string().uuid(),
});

export type SendBatchJobPayload = z.infer<typeof sendBatchJobPayload>;

/**
 * Sends the approved messages of one message batch, for a job handler to
 * call. Running it again is safe: sent messages are never sent twice. The
 * batch becomes "sent" once none of its messages is pending, approved or
 * sending and at least one was sent; failed and removed messages do not
 * hold it open. E-mails and SMS messages outside their entity's sending
 * window stay approved, and the job is queued again for the window's opening.
 */
export async function sendBatchJob(
  database: DatabaseHandle,
  payload: SendBatchJobPayload,
  options: {
    transport: MailTransport | undefined;
    logger: Logger;
    defaultFrom?: string;
    /** Addresses for SMS; without them approved SMS wait in the outbox. */
    sms?: SmsSendOptions;
    /** Collecta's public address, for the payment link in e-mails, letters and faxes. */
    publicUrl?: string;
    /** The current time, for the entities' sending windows; the system clock when left out. */
    now?: Date;
    /**
     * Queues this job again to start at `startAfter`, called when messages
     * wait for their entity's sending window. Without it they stay approved
     * until the batch is sent again.
     */
    requeue?: (startAfter: Date) => Promise<unknown>;
  },
): Promise<SendResult> {
  const parsed = sendBatchJobPayload.safeParse(payload);
  if (!parsed.success) {
    throw new AppError('invalid_input', 'The send-batch job needs an organisationId and batchId.');
  }
  const { organisationId, batchId } = parsed.data;
  const logger = options.logger.child({ organisationId, batchId });

  logger.info('sending message batch');
  const result = await sendApprovedMessages(database, {
    organisationId,
    batchId,
    transport: options.transport,
    logger,
    ...(options.defaultFrom ? { defaultFrom: options.defaultFrom } : {}),
    ...(options.sms ? { sms: options.sms } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  if (result.outsideWindow && options.requeue) {
    await options.requeue(result.outsideWindow.resumeAt);
    logger.info(
      { resumeAt: result.outsideWindow.resumeAt.toISOString() },
      'message batch queued again for the opening of the sending window',
    );
  }

  const closed = await closeBatchWhenDone(database, { organisationId, batchId });
  logger.info({ ...result, stuck: result.stuck.length, closed }, 'message batch processed');

  return result;
}

async function closeBatchWhenDone(
  database: DatabaseHandle,
  params: { organisationId: string; batchId: string },
): Promise<boolean> {
  return withOrganisation(database, params.organisationId, async (trx) => {
    const open = await trx
      .selectFrom('messages')
      .select('id')
      .where('batch_id', '=', params.batchId)
      .where('status', 'in', ['pending', 'approved', 'sending'])
      .limit(1)
      .executeTakeFirst();
    if (open) {
      return false;
    }
    // A batch whose every message failed was not sent: it stays approved, so the
    // batch list does not report it as sent.
    const delivered = await trx
      .selectFrom('messages')
      .select('id')
      .where('batch_id', '=', params.batchId)
      .where('status', '=', 'sent')
      .limit(1)
      .executeTakeFirst();
    if (!delivered) {
      return false;
    }
    const updated = await trx
      .updateTable('message_batches')
      .set({ status: 'sent' })
      .where('id', '=', params.batchId)
      .where('status', '=', 'approved')
      .returning('id')
      .executeTakeFirst();
    return updated !== undefined;
  });
}
