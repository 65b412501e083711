import { sql } from 'kysely';
import { recordAudit } from '../../audit/record-audit.ts';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import type { AuditContext } from '../../provisioning/audit-context.ts';
import type { DeliveryStatusReport, DsnAction, DsnRecipient } from './parse-delivery-status.ts';

/** Maximum length of a stored bounce reason, as the database allows. */
const MAX_REASON_LENGTH = 500;

/** The outcome of recording a delivery status notification. */
export interface BounceOutcome {
  /** Collecta's id of the message the report is about. */
  messageId: string;
  action: DsnAction;
  status: string;
  /** The address flagged as unusable for the debtor; null when none was flagged. */
  flagged: string | null;
  /** False when the report changed nothing, such as the same report a second time. */
  changed: boolean;
}

interface ReportedMessage {
  id: string;
  entity_id: string;
  debtor_id: string;
  channel: string;
  recipient: string | null;
  delivery_status: string | null;
  bounced_at: Date | null;
}

/**
 * Records a delivery status notification on the message whose Message-ID
 * it returns, in the caller's transaction.
 *
 * - Action failed with a permanent status (5.x.x): the message gets
 *   bounced_at, bounce_reason and delivery status "bounced", and its
 *   recipient address (lower case) is flagged as invalid for the debtor,
 *   so that later e-mail steps go out as letters. A fax message is marked
 *   bounced, but the gateway address is not flagged.
 * - Action failed with another status: the message is marked bounced, and
 *   no address is flagged, because the address was not reported invalid.
 * - Action delayed: delivery status "delayed", unless the message bounced.
 * - Other actions (delivered, relayed, expanded) change nothing.
 *
 * A message that bounced already is left as it is, so the same report
 * twice changes nothing more. Throws not_found when no message of the
 * organisation has the Message-ID.
 */
export async function recordBounce(
  executor: Executor,
  context: AuditContext,
  report: DeliveryStatusReport,
): Promise<BounceOutcome> {
  const message = await findReportedMessage(executor, report.originalMessageId);
  const recipient = pickRecipient(report.recipients, message.recipient);
  const outcome = {
    messageId: message.id,
    action: recipient.action,
    status: recipient.status,
  };

  if (recipient.action === 'failed') {
    return recordFailure(executor, context, { message, recipient, outcome });
  }
  if (recipient.action === 'delayed' && !message.bounced_at) {
    const changed = message.delivery_status !== 'delayed';
    if (changed) {
      await markDelayed(executor, context, { message, recipient });
    }
    return { ...outcome, flagged: null, changed };
  }

  return { ...outcome, flagged: null, changed: false };
}

async function findReportedMessage(
  executor: Executor,
  smtpMessageId: string,
): Promise<ReportedMessage> {
  const message = await executor
    .selectFrom('messages')
    .select([
      'id',
      'entity_id',
      'debtor_id',
      'channel',
      'recipient',
      'delivery_status',
      'bounced_at',
    ])
    .where('smtp_message_id', '=', smtpMessageId)
    .forUpdate()
    .executeTakeFirst();
  if (!message) {
    throw new AppError(
      'not_found',
      `No message of this organisation has the Message-ID ${smtpMessageId}; the report is about an e-mail that Collecta did not send, or that another organisation sent.`,
    );
  }

  return message;
}

/** Picks the report's block for the message's recipient, else its first block. */
function pickRecipient(recipients: DsnRecipient[], address: string | null): DsnRecipient {
  const recipientAddress = address?.toLowerCase();
  const match = recipients.find((recipient) => recipient.finalRecipient === recipientAddress);
  const chosen = match ?? recipients[0];
  if (!chosen) {
    throw new AppError('invalid_input', 'The delivery status notification names no recipient.');
  }

  return chosen;
}

/** Builds the stored reason, such as "5.1.1 550 5.1.1 <x@example.com>: User unknown". */
function bounceReason(recipient: DsnRecipient): string {
  const reason = recipient.diagnosticCode
    ? `${recipient.status} ${recipient.diagnosticCode}`
    : recipient.status;

  return reason.slice(0, MAX_REASON_LENGTH);
}

async function recordFailure(
  executor: Executor,
  context: AuditContext,
  params: {
    message: ReportedMessage;
    recipient: DsnRecipient;
    outcome: Omit<BounceOutcome, 'flagged' | 'changed'>;
  },
): Promise<BounceOutcome> {
  const { message, recipient, outcome } = params;
  const permanent = recipient.status.startsWith('5.');
  const address =
    permanent && message.channel === 'email' && message.recipient
      ? message.recipient.toLowerCase()
      : null;
  if (message.bounced_at) {
    return { ...outcome, flagged: address, changed: false };
  }

  const reason = bounceReason(recipient);
  await executor
    .updateTable('messages')
    .set({ bounced_at: sql<Date>`now()`, bounce_reason: reason, delivery_status: 'bounced' })
    .where('id', '=', message.id)
    .execute();
  if (address) {
    await flagEmailAddress(executor, context, { message, address, reason });
  }
  await recordAudit(executor, {
    ...context,
    action: 'message.bounced',
    subjectType: 'message',
    subjectId: message.id,
    entityId: message.entity_id,
    before: { deliveryStatus: message.delivery_status },
    after: { deliveryStatus: 'bounced', reason, flaggedAddress: address },
  });

  return { ...outcome, flagged: address, changed: true };
}

async function flagEmailAddress(
  executor: Executor,
  context: AuditContext,
  params: { message: ReportedMessage; address: string; reason: string },
): Promise<void> {
  const { message, address, reason } = params;
  await executor
    .insertInto('invalid_email_addresses')
    .values({
      organisation_id: context.organisationId,
      entity_id: message.entity_id,
      debtor_id: message.debtor_id,
      address,
      message_id: message.id,
      reason,
    })
    .onConflict((conflict) => conflict.columns(['debtor_id', 'address']).doNothing())
    .execute();
}

async function markDelayed(
  executor: Executor,
  context: AuditContext,
  params: { message: ReportedMessage; recipient: DsnRecipient },
): Promise<void> {
  const { message, recipient } = params;
  await executor
    .updateTable('messages')
    .set({ delivery_status: 'delayed' })
    .where('id', '=', message.id)
    .execute();
  await recordAudit(executor, {
    ...context,
    action: 'message.delayed',
    subjectType: 'message',
    subjectId: message.id,
    entityId: message.entity_id,
    before: { deliveryStatus: message.delivery_status },
    after: { deliveryStatus: 'delayed', reason: bounceReason(recipient) },
  });
}
