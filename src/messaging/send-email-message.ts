import { randomUUID } from 'node:crypto';
import type { DatabaseHandle, Executor } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { MailTransport } from './create-mail-transport.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { renderMessage, type MessageAttachment, type RenderedMessage } from './render-message.ts';
import { describeError, markMessageFailed, transitionMessage } from './update-message-status.ts';

/**
 * The final notice by e-mail carries its letter as a PDF, for debtors who print and file it.
 * TODO: a step has one channel, so no step sends a letter and an e-mail together; such a
 * step would attach its letter here too.
 */
const TEMPLATE_KEYS_WITH_LETTER_COPY = new Set(['final-notice']);

interface ClaimedEmail {
  rendered: RenderedMessage;
  recipient: string;
  /** The entity's sender, else the default; undefined leaves it to the transport's default. */
  from: { name: string; address: string } | string | undefined;
  smtpMessageId: string;
}

/**
 * Sends one approved e-mail message at most once. A short transaction
 * renders it and claims it (approved → sending, with the Message-ID that
 * Collecta generates); the SMTP call runs outside any transaction; a
 * second transaction records the outcome (sent or failed). A message that
 * another sender claimed first is skipped. After a crash between claim and
 * outcome the message stays in "sending" and is never sent again
 * automatically, because the SMTP server may already have accepted it.
 */
export async function sendEmailMessage(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    transport: MailTransport;
    defaultFrom: string | undefined;
    logger: Logger;
  },
): Promise<'sent' | 'failed' | 'skipped'> {
  const { organisationId, messageId, logger } = params;

  let claimed: ClaimedEmail | undefined;
  try {
    claimed = await renderAndClaim(database, params);
  } catch (error) {
    const text = await markMessageFailed(database, {
      organisationId,
      messageId,
      from: 'approved',
      error,
    });
    logger.error({ messageId, organisationId, error: text }, 'e-mail rendering failed');
    return 'failed';
  }
  if (!claimed) {
    return 'skipped';
  }

  const email = claimed;
  let response: string;
  try {
    const info = await params.transport.sendMail({
      ...(email.from ? { from: email.from } : {}),
      to: email.recipient,
      subject: email.rendered.subject,
      html: email.rendered.html,
      text: email.rendered.text,
      attachments: email.rendered.attachments,
      messageId: email.smtpMessageId,
      headers: { 'Content-Language': email.rendered.language },
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
    logger.error({ messageId, organisationId, error: text }, 'e-mail sending failed');
    return 'failed';
  }

  try {
    await recordSent(database, { organisationId, messageId, email, response });
  } catch (error) {
    // The SMTP server has the e-mail, so the message must not look unsent: it stays in "sending".
    logger.error(
      {
        messageId,
        organisationId,
        smtpMessageId: email.smtpMessageId,
        error: describeError(error),
      },
      'e-mail sent, but recording it failed; the message stays in sending',
    );
    return 'sent';
  }
  logger.info({ messageId, organisationId, smtpMessageId: email.smtpMessageId }, 'e-mail sent');

  return 'sent';
}

async function renderAndClaim(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; defaultFrom: string | undefined },
): Promise<ClaimedEmail | undefined> {
  return withOrganisation(database, params.organisationId, async (trx) => {
    const { messageId } = params;
    const rendered = await renderMessage(trx, { messageId });
    if (!rendered.recipient) {
      throw new Error('The message has no recipient e-mail address.');
    }
    if (TEMPLATE_KEYS_WITH_LETTER_COPY.has(rendered.templateKey)) {
      rendered.attachments.push(await letterCopy(trx, messageId));
    }

    const entity = await trx
      .selectFrom('messages as m')
      .innerJoin('entities as e', 'e.id', 'm.entity_id')
      .select(['e.name', 'e.sender_name', 'e.sender_email'])
      .where('m.id', '=', messageId)
      .executeTakeFirstOrThrow();
    const from = entity.sender_email
      ? { name: entity.sender_name ?? entity.name, address: entity.sender_email }
      : params.defaultFrom;
    const domain = domainOf(entity.sender_email) ?? domainOf(params.defaultFrom) ?? 'localhost';
    const smtpMessageId = `<${randomUUID()}@${domain}>`;

    const claimed = await transitionMessage(trx, {
      messageId,
      from: 'approved',
      to: 'sending',
      smtpMessageId,
    });
    return claimed ? { rendered, recipient: rendered.recipient, from, smtpMessageId } : undefined;
  });
}

async function letterCopy(trx: Executor, messageId: string): Promise<MessageAttachment> {
  const content = await renderLetterPdf(trx, { messageId });

  return { filename: 'letter.pdf', content, contentType: 'application/pdf' };
}

async function recordSent(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; email: ClaimedEmail; response: string },
): Promise<void> {
  const { organisationId, messageId, email } = params;
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
        recipient: email.recipient,
        smtpMessageId: email.smtpMessageId,
        smtpResponse: params.response,
      },
    });
  });
}

/** Returns the domain of an e-mail address or of "Name <address>", for the Message-ID. */
export function domainOf(address: string | null | undefined): string | undefined {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(address ?? '');

  return match?.[1];
}
