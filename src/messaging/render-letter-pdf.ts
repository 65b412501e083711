import type { Executor } from '../db/database.ts';
import { buildPostalLines } from './build-merge-fields.ts';
import { drawLetterPdf } from './draw-letter-pdf.ts';
import type { MessageContext } from './load-message-context.ts';
import { prepareMessage, tidyText, type PreparedMessage } from './prepare-message.ts';
import { renderSubject, templatePath } from './render-message.ts';
import type { MessageLabels } from './template-store.ts';

/**
 * Renders a message as an A4 letter PDF for a window envelope. It shows the
 * entity's letterhead with its logo, the debtor's address in the window, date and
 * references, the template's text, the invoice table with the total, and
 * the payment instructions with, for EUR, the EPC QR code. E-mail messages
 * get one too, as their printable copy. Nothing is stored, so the PDF is
 * rendered again on each request.
 */
export async function renderLetterPdf(
  executor: Executor,
  params: { messageId: string; compress?: boolean },
): Promise<Buffer> {
  const prepared = await prepareMessage(executor, { messageId: params.messageId });
  const { fields, context } = prepared;

  const subject = await renderSubject(prepared);
  const intro = await renderLetterText(prepared, 'layouts/letter-intro.text');
  const outro = await renderLetterText(prepared, 'layouts/letter-outro.text');

  return drawLetterPdf(
    {
      language: prepared.language,
      labels: fields.labels,
      sender: fields.entity,
      recipientLines: buildRecipientLines(context, prepared.language, fields.labels),
      date: fields.as_of,
      debtorNumber: fields.debtor.number,
      subject,
      intro,
      outro,
      invoices: fields.invoices,
      total: fields.total,
      payment: fields.payment,
      qrPng: prepared.qrPng,
      logo: context.entity.logo ? Buffer.from(context.entity.logo) : undefined,
    },
    { compress: params.compress ?? true },
  );
}

/** Renders the template's text part inside one of the letter layouts. */
async function renderLetterText(prepared: PreparedMessage, layout: string): Promise<string> {
  const text: string = await prepared.templates.text.renderFile(templatePath(prepared, 'text'), {
    ...prepared.fields,
    text_layout: layout,
  });

  return tidyText(text);
}

/**
 * Builds the address block: the debtor's name, the contact as attention
 * line, and the debtor's postal address, or the contact's when the debtor
 * has none.
 */
function buildRecipientLines(
  context: MessageContext,
  language: string,
  labels: MessageLabels,
): string[] {
  const { debtor, contact, entity } = context;
  const lines = [debtor.name];
  if (contact?.name) {
    lines.push(`${labels.attention} ${contact.name}`);
  }
  const address = debtor.address_line || !contact?.address_line ? debtor : contact;

  return [...lines, ...buildPostalLines({ ...address, homeCountry: entity.country, language })];
}
