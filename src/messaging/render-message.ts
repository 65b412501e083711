import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import { QR_CONTENT_ID } from './build-merge-fields.ts';
import { prepareMessage, tidyText, type PreparedMessage } from './prepare-message.ts';

/** A file sent with an e-mail; `cid` marks an inline image that the html part shows. */
export interface MessageAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
  cid?: string;
}

export interface RenderedMessage {
  channel: MessageChannel;
  templateKey: string;
  subject: string;
  html: string;
  text: string;
  /** The e-mail address the dunning run chose; null when the debtor has none. */
  recipient: string | null;
  language: string;
  attachments: MessageAttachment[];
}

/**
 * Renders a message as an e-mail: subject, html and plain text in one
 * language, from the templates of the message's step. EUR messages of an
 * entity with an IBAN carry the RF payment reference and an EPC QR code for
 * the open total, attached as an inline PNG that the html part shows.
 */
export async function renderMessage(
  executor: Executor,
  params: { messageId: string; publicUrl?: string },
): Promise<RenderedMessage> {
  const prepared = await prepareMessage(executor, params);

  return renderPreparedEmail(prepared);
}

/**
 * Template texts that replace the stored template parts of a message, to
 * try a change in the preview before it is saved. Each may use the stored
 * layouts, such as `{% layout 'layouts/email.html' %}`.
 */
export interface TemplateSource {
  subject?: string | undefined;
  html?: string | undefined;
  text?: string | undefined;
  sms?: string | undefined;
}

/** Renders a prepared message as an e-mail, from `source` where it has a part, else the stored templates. */
export async function renderPreparedEmail(
  prepared: PreparedMessage,
  source: TemplateSource = {},
): Promise<RenderedMessage> {
  const { context, language } = prepared;

  const subject = await renderSubject(prepared, source.subject);
  const html = await renderTemplatePart(prepared, 'html', source.html, {
    ...prepared.fields,
    subject,
  });
  const text = await renderTemplatePart(prepared, 'text', source.text, {
    ...prepared.fields,
    text_layout: 'layouts/email.text',
  });

  const attachments: MessageAttachment[] = prepared.qrPng
    ? [
        {
          filename: 'epc-qr.png',
          content: prepared.qrPng,
          contentType: 'image/png',
          cid: QR_CONTENT_ID,
        },
      ]
    : [];

  return {
    channel: context.message.channel,
    templateKey: context.templateKey,
    subject,
    html,
    text: tidyText(text),
    recipient: context.message.recipient,
    language,
    attachments,
  };
}

/** Renders the subject as one line of plain text, from `source` when given. */
export async function renderSubject(prepared: PreparedMessage, source?: string): Promise<string> {
  const subject = await renderTemplatePart(prepared, 'subject', source, prepared.fields);

  return subject.replace(/\s+/g, ' ').trim();
}

export type TemplatePart = 'subject' | 'html' | 'text' | 'sms';

export function templatePath(prepared: PreparedMessage, part: TemplatePart): string {
  return `${prepared.language}/${prepared.context.templateKey}/${part}`;
}

/**
 * Renders one part of a message: the html part with the escaping engine,
 * every other part with the plain-text engine. A `source` text replaces the
 * stored template of the part.
 */
export async function renderTemplatePart(
  prepared: PreparedMessage,
  part: TemplatePart,
  source: string | undefined,
  data: object,
): Promise<string> {
  const engine = part === 'html' ? prepared.templates.html : prepared.templates.text;
  if (source !== undefined) {
    return (await engine.parseAndRender(source, data)) as string;
  }

  return (await engine.renderFile(templatePath(prepared, part), data)) as string;
}

/**
 * Returns the html with its inline images (the QR code) as data URLs, for
 * showing a message in a browser, where "cid:" addresses do not resolve.
 */
export function inlineImagesForPreview(rendered: RenderedMessage): string {
  let html = rendered.html;
  for (const attachment of rendered.attachments) {
    if (attachment.cid) {
      const dataUrl = `data:${attachment.contentType};base64,${attachment.content.toString('base64')}`;
      html = html.replaceAll(`cid:${attachment.cid}`, dataUrl);
    }
  }

  return html;
}
