import type { Executor } from '../db/database.ts';
import type { Debtor } from '../db/schema.ts';
import { buildPostalLines } from './build-merge-fields.ts';
import { drawLetterPdf, type LetterContent } from './draw-letter-pdf.ts';
import { formatCountryName } from './format-message-values.ts';
import type { Contact, MessageContext } from './load-message-context.ts';
import { prepareMessage, tidyText, type PreparedMessage } from './prepare-message.ts';
import { renderSubject, renderTemplatePart, type TemplateSource } from './render-message.ts';
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
  params: { messageId: string; compress?: boolean; publicUrl?: string },
): Promise<Buffer> {
  const prepared = await prepareMessage(executor, {
    messageId: params.messageId,
    ...(params.publicUrl ? { publicUrl: params.publicUrl } : {}),
  });

  return drawPreparedLetter(prepared, { compress: params.compress ?? true });
}

/**
 * Draws a prepared message as the letter PDF. The subject and text parts
 * come from `source` where it has them, else from the stored templates.
 */
export async function drawPreparedLetter(
  prepared: PreparedMessage,
  options: { compress: boolean; source?: TemplateSource },
): Promise<Buffer> {
  const content = await buildLetterContent(prepared, options.source ?? {});

  return drawLetterPdf(content, { compress: options.compress });
}

/**
 * Renders the texts of a prepared message's letter: the subject and text
 * parts from `source` where it has them, else from the stored templates.
 */
export async function buildLetterContent(
  prepared: PreparedMessage,
  source: TemplateSource,
): Promise<LetterContent> {
  const { fields, context } = prepared;

  const subject = await renderSubject(prepared, source.subject);
  const intro = await renderLetterText(prepared, 'layouts/letter-intro.text', source.text);
  const outro = await renderLetterText(prepared, 'layouts/letter-outro.text', source.text);

  return {
    language: prepared.language,
    labels: fields.labels,
    sender: fields.entity,
    returnAddress: buildReturnAddress(prepared),
    recipientLines: buildRecipientLines(context, prepared.language, fields.labels),
    date: fields.as_of,
    debtorNumber: fields.debtor.number,
    subject,
    intro,
    outro,
    invoices: fields.invoices,
    total: fields.total,
    charges: fields.charges,
    payment: fields.payment,
    qrPng: prepared.qrPng,
    logo: context.entity.logo ? Buffer.from(context.entity.logo) : undefined,
  };
}

/** Renders the template's text part inside one of the letter layouts. */
async function renderLetterText(
  prepared: PreparedMessage,
  layout: string,
  source: string | undefined,
): Promise<string> {
  const text = await renderTemplatePart(prepared, 'text', source, {
    ...prepared.fields,
    text_layout: layout,
  });

  return tidyText(text);
}

/**
 * Builds the return address: the entity's name and postal lines, and its
 * country in the letter's language when the letter goes abroad, so that the
 * foreign postal service can return it.
 */
function buildReturnAddress(prepared: PreparedMessage): LetterContent['returnAddress'] {
  const { entity } = prepared.context;
  const recipientCountry = recipientAddress(prepared.context).country;
  const abroad =
    !!recipientCountry && recipientCountry.toUpperCase() !== entity.country.toUpperCase();

  return {
    parts: [prepared.fields.entity.name, ...prepared.fields.entity.address_lines],
    country: abroad ? formatCountryName(entity.country, prepared.language).toUpperCase() : null,
  };
}

/** Returns the debtor's postal address, or the contact's when the debtor has none. */
function recipientAddress(context: MessageContext): Debtor | Contact {
  const { debtor, contact } = context;

  return debtor.address_line || !contact?.address_line ? debtor : contact;
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
  const address = recipientAddress(context);

  return [...lines, ...buildPostalLines({ ...address, homeCountry: entity.country, language })];
}
