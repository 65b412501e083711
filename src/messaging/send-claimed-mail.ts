import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.ts';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import type { MailTransport } from './create-mail-transport.ts';
import type { MessageAttachment } from './render-message.ts';
import { describeError, markMessageFailed, transitionMessage } from './update-message-status.ts';

/** An e-mail of one message, rendered and claimed (approved → sending) for sending. */
export interface ClaimedMail {
  /** The address the e-mail goes to: the debtor's, or the fax gateway's. */
  to: string;
  /** The entity's sender, else the default; undefined leaves it to the transport's default. */
  from: { name: string; address: string } | string | undefined;
  subject: string;
  html?: string;
  text?: string;
  attachments: MessageAttachment[];
  headers: Record<string, string>;
  smtpMessageId: string;
  /** Extra facts for the audit event of the sent message, such as the fax number. */
  audit: Record<string, unknown>;
}

/** The sender and Message-ID of a message's e-mail. */
export interface MailSender {
  from: ClaimedMail['from'];
  smtpMessageId: string;
}

/**
 * Sends the e-mail of one approved message at most once. `renderAndClaim`
 * renders the message and claims it (approved → sending, with the
 * Message-ID) in a short transaction; it returns undefined when another
 * sender claimed it first, and a thrown error marks the message failed. The
 * SMTP call runs outside any transaction, and a second transaction records
 * the outcome (sent or failed). After a crash between claim and outcome the
 * message stays in "sending"; resumeInterruptedEmail sends such an e-mail
 * again, with the same Message-ID, once no live sender holds its transfer
 * lock. Faxes left in "sending" are reported as stuck and not sent again.
 */
export async function sendClaimedMail(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    transport: MailTransport;
    logger: Logger;
    /** "e-mail" or "fax", for the log lines. */
    kind: string;
    /** The status `renderAndClaim` claims from: approved, or sending when an interrupted transfer resumes. */
    claimFrom?: 'approved' | 'sending';
    renderAndClaim: () => Promise<ClaimedMail | undefined>;
  },
): Promise<'sent' | 'failed' | 'skipped'> {
  const { organisationId, messageId, logger, kind } = params;

  let mail: ClaimedMail | undefined;
  try {
    mail = await params.renderAndClaim();
  } catch (error) {
    const text = await markMessageFailed(database, {
      organisationId,
      messageId,
      from: params.claimFrom ?? 'approved',
      error,
    });
    logger.error({ messageId, organisationId, error: text }, `${kind} rendering failed`);
    return 'failed';
  }
  if (!mail) {
    return 'skipped';
  }

  let response: string;
  try {
    const info = await params.transport.sendMail({
      ...(mail.from ? { from: mail.from } : {}),
      to: mail.to,
      subject: mail.subject,
      ...(mail.html !== undefined ? { html: mail.html } : {}),
      ...(mail.text !== undefined ? { text: mail.text } : {}),
      attachments: mail.attachments,
      messageId: mail.smtpMessageId,
      headers: mail.headers,
    });
    response = info.response;
  } catch (error) {
    // NOTE: a refused connection or timeout is recorded as failed like a rejected
    // recipient. Nothing retries it, and there is no resend action yet.
    const text = await markMessageFailed(database, {
      organisationId,
      messageId,
      from: 'sending',
      error,
    });
    logger.error({ messageId, organisationId, error: text }, `${kind} sending failed`);
    return 'failed';
  }

  try {
    await recordSent(database, { organisationId, messageId, mail, response });
  } catch (error) {
    // The SMTP server has the e-mail, so the message must not look unsent: it stays in "sending".
    logger.error(
      {
        messageId,
        organisationId,
        smtpMessageId: mail.smtpMessageId,
        error: describeError(error),
      },
      `${kind} sent, but recording it failed; the message stays in sending`,
    );
    return 'sent';
  }
  logger.info({ messageId, organisationId, smtpMessageId: mail.smtpMessageId }, `${kind} sent`);

  return 'sent';
}

/**
 * Chooses the sender of a message's e-mail (the entity's sender address,
 * else `defaultFrom`) and generates its Message-ID in the sender's domain.
 */
export async function chooseMailSender(
  executor: Executor,
  params: { messageId: string; defaultFrom: string | undefined },
): Promise<MailSender> {
  const entity = await executor
    .selectFrom('messages as m')
    .innerJoin('entities as e', 'e.id', 'm.entity_id')
    .select(['e.name', 'e.sender_name', 'e.sender_email'])
    .where('m.id', '=', params.messageId)
    .executeTakeFirstOrThrow();
  const from = entity.sender_email
    ? { name: entity.sender_name ?? entity.name, address: entity.sender_email }
    : params.defaultFrom;
  const domain = domainOf(entity.sender_email) ?? domainOf(params.defaultFrom) ?? 'localhost';

  return { from, smtpMessageId: `<${randomUUID()}@${domain}>` };
}

/** Claims an approved message for sending with its Message-ID; false when another sender has it. */
export async function claimMessage(
  trx: TenantTransaction,
  params: { messageId: string; smtpMessageId: string },
): Promise<boolean> {
  return transitionMessage(trx, { ...params, from: 'approved', to: 'sending' });
}

/**
 * Returns the Message-ID of a message still in "sending", locking its row,
 * so that an interrupted transfer is sent again under the same Message-ID.
 * Returns undefined when the message left "sending" meanwhile or has none.
 */
export async function reclaimInterruptedMessage(
  trx: TenantTransaction,
  params: { messageId: string },
): Promise<string | undefined> {
  const row = await trx
    .selectFrom('messages')
    .select(['status', 'smtp_message_id'])
    .where('id', '=', params.messageId)
    .forUpdate()
    .executeTakeFirst();

  return row?.status === 'sending' && row.smtp_message_id ? row.smtp_message_id : undefined;
}

async function recordSent(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; mail: ClaimedMail; response: string },
): Promise<void> {
  const { organisationId, messageId, mail } = params;
  await withOrganisation(database, organisationId, async (trx) => {
    await transitionMessage(trx, { messageId, from: 'sending', to: 'sent' });
    const message = await trx
      .selectFrom('messages')
      .select('entity_id')
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organisationId,
      actor: 'system',
      action: 'message.sent',
      subjectType: 'message',
      subjectId: messageId,
      entityId: message.entity_id,
      after: {
        recipient: mail.to,
        ...mail.audit,
        smtpMessageId: mail.smtpMessageId,
        smtpResponse: params.response,
      },
    });
  });
}

/** Returns the domain of an e-mail address or of "Name <address>", for the Message-ID. */
function domainOf(address: string | null | undefined): string | undefined {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address ?? '');

  return match?.[1];
}
