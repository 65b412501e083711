import { faxGatewayAddress, type FaxChannelSettings } from '../channels/fax-channel.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import type { MailTransport } from './create-mail-transport.ts';
import { drawPreparedLetter } from './render-letter-pdf.ts';
import { renderSubject } from './render-message.ts';
import { prepareMessage } from './prepare-message.ts';
import {
  chooseMailSender,
  claimMessage,
  sendClaimedMail,
  type ClaimedMail,
} from './send-claimed-mail.ts';

/** The file name of the faxed letter in the e-mail to the gateway. */
export const FAX_ATTACHMENT_NAME = 'fax.pdf';

/**
 * Sends one approved fax message at most once, as an e-mail to the
 * organisation's e-mail-to-fax gateway over the same SMTP transport as
 * e-mail (see sendClaimedMail). The e-mail goes to the gateway address for
 * the message's fax number and carries the message as the PDF letter; its
 * subject is the letter's subject and it has no body text, so that a
 * gateway that faxes the body adds no cover page. A message without a
 * valid fax number fails.
 */
export async function sendFaxMessage(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    transport: MailTransport;
    defaultFrom: string | undefined;
    fax: FaxChannelSettings;
    logger: Logger;
    /** Collecta's public address, which the payment link starts with. Without it the fax has no link. */
    publicUrl?: string;
  },
): Promise<'sent' | 'failed' | 'skipped'> {
  const { organisationId } = params;

  return sendClaimedMail(database, {
    ...params,
    kind: 'fax',
    renderAndClaim: () =>
      withOrganisation(database, organisationId, (trx) => renderAndClaim(trx, params)),
  });
}

async function renderAndClaim(
  trx: TenantTransaction,
  params: {
    messageId: string;
    defaultFrom: string | undefined;
    fax: FaxChannelSettings;
    publicUrl?: string;
  },
): Promise<ClaimedMail | undefined> {
  const { messageId, publicUrl } = params;
  const prepared = await prepareMessage(trx, { messageId, publicUrl });
  const number = prepared.context.message.recipient;
  if (!number) {
    throw new Error(
      "The message has no recipient fax number; add a fax number to the debtor's reminders or general contact.",
    );
  }
  const to = faxGatewayAddress(params.fax, number);
  const subject = await renderSubject(prepared);
  const pdf = await drawPreparedLetter(prepared, { compress: true });

  const sender = await chooseMailSender(trx, params);
  const claimed = await claimMessage(trx, { messageId, smtpMessageId: sender.smtpMessageId });
  if (!claimed) {
    return undefined;
  }

  return {
    to,
    from: sender.from,
    subject,
    attachments: [{ filename: FAX_ATTACHMENT_NAME, content: pdf, contentType: 'application/pdf' }],
    headers: { 'Content-Language': prepared.language },
    smtpMessageId: sender.smtpMessageId,
    audit: { faxNumber: number },
  };
}
