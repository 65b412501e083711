import { sql } from 'kysely';
import { z } from 'zod';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { loadInvoiceCopies } from '../invoices/invoice-documents.ts';
import type { Logger } from '../logger.ts';
import type { MailTransport } from './create-mail-transport.ts';
import { renderLetterPdf } from './render-letter-pdf.ts';
import { renderMessage, type MessageAttachment } from './render-message.ts';
import {
  chooseMailSender,
  claimMessage,
  reclaimInterruptedMessage,
  sendClaimedMail,
  type ClaimedMail,
} from './send-claimed-mail.ts';

/**
 * The final notice by e-mail carries its letter as a PDF, for debtors who
 * print and file it, whether or not its step sets attach_letter.
 */
const TEMPLATE_KEYS_WITH_LETTER_COPY = new Set(['final-notice']);

/** The file name of the message's letter when an e-mail carries it. */
export const LETTER_ATTACHMENT_NAME = 'letter.pdf';

const explanationInvoices = z.object({ invoices: z.array(z.object({ id: z.string() })) });

/**
 * Sends one approved e-mail message at most once (see sendClaimedMail),
 * with Content-Language and a Message-ID that Collecta generates. When the
 * message's step sets attach_letter, the e-mail carries the message as a
 * PDF letter; when it sets attach_invoice_copies, it carries the stored
 * copy of each invoice it lists. An invoice without a copy is left out and
 * logged at info level with its number. With `resume`, a message still in
 * "sending" (an interrupted transfer) is sent again with its stored
 * Message-ID; the caller must know that no live sender has it.
 */
export async function sendEmailMessage(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    transport: MailTransport;
    defaultFrom: string | undefined;
    logger: Logger;
    resume?: boolean;
    /** Collecta's public address, which the payment link starts with. Without it the e-mail has no link. */
    publicUrl?: string;
  },
): Promise<'sent' | 'failed' | 'skipped'> {
  const { organisationId } = params;

  return sendClaimedMail(database, {
    ...params,
    kind: 'e-mail',
    claimFrom: params.resume ? 'sending' : 'approved',
    renderAndClaim: () =>
      withOrganisation(database, organisationId, (trx) => renderAndClaim(trx, params)),
  });
}

async function renderAndClaim(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    messageId: string;
    defaultFrom: string | undefined;
    logger: Logger;
    resume?: boolean;
    publicUrl?: string;
  },
): Promise<ClaimedMail | undefined> {
  const { messageId, publicUrl } = params;
  const resumedMessageId = params.resume
    ? await reclaimInterruptedMessage(trx, { messageId })
    : undefined;
  if (params.resume && !resumedMessageId) {
    return undefined;
  }
  const rendered = await renderMessage(trx, { messageId, publicUrl });
  if (!rendered.recipient) {
    throw new Error('The message has no recipient e-mail address.');
  }
  const attachments = [...rendered.attachments, ...(await stepAttachments(trx, params))];

  const sender = await chooseMailSender(trx, params);
  const smtpMessageId = resumedMessageId ?? sender.smtpMessageId;
  const claimed =
    resumedMessageId !== undefined || (await claimMessage(trx, { messageId, smtpMessageId }));
  if (!claimed) {
    return undefined;
  }

  return {
    to: rendered.recipient,
    from: sender.from,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    attachments,
    headers: { 'Content-Language': rendered.language },
    smtpMessageId,
    audit: {},
  };
}

/** Builds the letter PDF and invoice copies that the message's step requests. */
async function stepAttachments(
  trx: TenantTransaction,
  params: { organisationId: string; messageId: string; logger: Logger; publicUrl?: string },
): Promise<MessageAttachment[]> {
  const { messageId, publicUrl } = params;
  const message = await trx
    .selectFrom('messages as m')
    // An instalment reminder has no step, so it attaches nothing.
    .leftJoin('steps as s', 's.id', 'm.step_id')
    .select([
      'm.explanation',
      sql<string>`coalesce(s.template_key, '')`.as('template_key'),
      sql<boolean>`coalesce(s.attach_letter, false)`.as('attach_letter'),
      sql<boolean>`coalesce(s.attach_invoice_copies, false)`.as('attach_invoice_copies'),
    ])
    .where('m.id', '=', messageId)
    .executeTakeFirstOrThrow();

  const attachments: MessageAttachment[] = [];
  if (message.attach_letter || TEMPLATE_KEYS_WITH_LETTER_COPY.has(message.template_key)) {
    attachments.push({
      filename: LETTER_ATTACHMENT_NAME,
      content: await renderLetterPdf(trx, { messageId, publicUrl }),
      contentType: 'application/pdf',
    });
  }
  if (message.attach_invoice_copies) {
    const parsed = explanationInvoices.safeParse(message.explanation);
    const invoiceIds = parsed.success ? parsed.data.invoices.map((invoice) => invoice.id) : [];
    const { copies, missing } = await loadInvoiceCopies(trx, { invoiceIds });
    for (const copy of copies) {
      // Two copies uploaded under one name would overwrite each other in the mail client.
      const taken = attachments.some((attachment) => attachment.filename === copy.fileName);
      attachments.push({
        filename: taken ? `${copy.invoiceNumber}-${copy.fileName}` : copy.fileName,
        content: copy.content,
        contentType: 'application/pdf',
      });
    }
    if (missing.length > 0) {
      params.logger.info(
        { messageId, organisationId: params.organisationId, invoiceNumbers: missing },
        'invoices without a stored copy; the e-mail goes without them',
      );
    }
  }

  return attachments;
}
