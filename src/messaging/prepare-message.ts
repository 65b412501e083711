import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { ensureMessagePaymentLink } from '../payment-links/message-payment-link.ts';
import { buildDebtorPortalLink } from '../portal/debtor-portal-link.ts';
import { buildMergeFields, type MergeFields } from './build-merge-fields.ts';
import { buildPaymentQrPng } from './build-payment-qr.ts';
import { loadMessageContext, type MessageContext } from './load-message-context.ts';
import { loadTemplateSet, resolveTemplateLanguage, type TemplateSet } from './template-store.ts';

/** A message with its data read, its language chosen and its merge fields built. */
export interface PreparedMessage {
  context: MessageContext;
  templates: TemplateSet;
  /** The language of the whole output: labels, formats and wording. */
  language: string;
  fields: MergeFields;
  /** The EPC QR code as PNG, for EUR messages of an entity with an IBAN. */
  qrPng: Buffer | undefined;
}

/**
 * Reads a message and prepares what both the e-mail and the letter are
 * rendered from. The language is the message's own (the debtor's, as the
 * dunning run chose it), else the entity's, else English: the first that
 * has templates for the step's template key. The operator's language never
 * plays a part.
 */
export async function prepareMessage(
  executor: Executor,
  params: { messageId: string; publicUrl?: string },
): Promise<PreparedMessage> {
  const context = await loadMessageContext(executor, params);
  // The payment link needs the public address, so callers without PUBLIC_URL render no link.
  const paymentLink = params.publicUrl
    ? await ensureMessagePaymentLink(executor, {
        organisationId: context.message.organisation_id,
        messageId: context.message.id,
        debtorId: context.message.debtor_id,
        invoiceIds: context.invoices.map((invoice) => invoice.id),
        publicUrl: params.publicUrl,
      })
    : null;
  const portalLink = await buildDebtorPortalLink(executor, {
    organisationId: context.message.organisation_id,
    debtorId: context.message.debtor_id,
    publicUrl: params.publicUrl,
  });

  return prepareMessageContext(context, {
    publicUrl: params.publicUrl,
    paymentLink,
    portalLink,
  });
}

/**
 * Chooses the language and builds the merge fields and QR code of a loaded
 * message context; `prepareMessage` and the template preview share it.
 * Without `publicUrl` the portal address merge field is empty.
 */
export async function prepareMessageContext(
  context: MessageContext,
  options: {
    publicUrl?: string | undefined;
    paymentLink?: string | null;
    portalLink?: string | null;
  } = {},
): Promise<PreparedMessage> {
  const templates = loadTemplateSet();

  const language = resolveTemplateLanguage(templates, context.templateKey, [
    context.message.language,
    context.entity.language,
  ]);
  const labels = templates.labels.get(language);
  if (!labels || !templates.has(language, context.templateKey)) {
    throw new AppError(
      'not_found',
      `No message template "${context.templateKey}" exists in language "${language}"; add templates/${language}/${context.templateKey}/.`,
    );
  }

  const qrPng = await buildPaymentQrPng(context);
  const fields = buildMergeFields(context, {
    language,
    labels,
    withQr: qrPng !== undefined,
    publicUrl: options.publicUrl,
    paymentLink: options.paymentLink,
    portalLink: options.portalLink,
  });

  return { context, templates, language, fields, qrPng };
}

/** Tidies rendered plain text: no trailing spaces, at most one blank line in a row. */
export function tidyText(text: string): string {
  return `${text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
