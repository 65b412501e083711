import type { DatabaseHandle } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { MailTransport } from './create-mail-transport.ts';
import { withTransferLock } from './message-transfer-lock.ts';
import { sendEmailMessage } from './send-email-message.ts';

export interface EmailSendParams {
  organisationId: string;
  messageId: string;
  transport: MailTransport;
  defaultFrom: string | undefined;
  logger: Logger;
  /** Collecta's public address, which the payment link starts with. Without it the e-mail has no link. */
  publicUrl?: string;
}

/**
 * Sends an approved e-mail while holding its transfer lock, from the claim
 * until the outcome has committed. A message whose lock another live
 * sender holds is skipped, because that sender is sending it.
 */
export async function sendApprovedEmail(
  database: DatabaseHandle,
  params: EmailSendParams,
): Promise<'sent' | 'failed' | 'skipped'> {
  const locked = await withTransferLock(database, params.messageId, () =>
    sendEmailMessage(database, params),
  );

  return locked.acquired ? locked.value : 'skipped';
}

/**
 * Resends an e-mail left in "sending" by a sender that died mid-transfer,
 * with the Message-ID of the interrupted attempt. A free transfer lock
 * means that no live sender has the message, because a live sender holds
 * the lock until its outcome has committed. sendEmailMessage reads the
 * status again under the lock. Returns "in_progress" when a live sender
 * holds the lock.
 *
 * NOTE: one window remains. When the SMTP server accepted the e-mail and
 * the sender died (or failed to commit "sent") before the status commit,
 * the e-mail goes out twice. Both copies carry the same Message-ID, so the
 * duplicate is recognisable in the recipient's mailbox and in the SMTP log.
 */
export async function resumeInterruptedEmail(
  database: DatabaseHandle,
  params: EmailSendParams,
): Promise<'sent' | 'failed' | 'skipped' | 'in_progress'> {
  const locked = await withTransferLock(database, params.messageId, () =>
    sendEmailMessage(database, { ...params, resume: true }),
  );
  if (!locked.acquired) {
    return 'in_progress';
  }
  if (locked.value === 'sent') {
    params.logger.warn(
      { messageId: params.messageId, organisationId: params.organisationId },
      'e-mail left in sending by a sender that stopped was sent again with the same Message-ID',
    );
  }

  return locked.value;
}
