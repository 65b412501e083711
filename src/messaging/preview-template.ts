import { LiquidError } from 'liquidjs';
import type { Executor } from '../db/database.ts';
import type { MessageChannel } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { buildPreviewContext } from './build-preview-context.ts';
import { buildDebtorPortalLink } from '../portal/debtor-portal-link.ts';
import { prepareMessageContext } from './prepare-message.ts';
import { drawPreparedLetter } from './render-letter-pdf.ts';
import {
  inlineImagesForPreview,
  renderPreparedEmail,
  type TemplateSource,
} from './render-message.ts';
import { renderPreparedSms } from './render-sms-text.ts';
import type { SmsMeasurement } from './sms-encoding.ts';

export type TemplatePreview =
  | { channel: 'email'; language: string; subject: string; html: string; text: string }
  | { channel: 'sms'; language: string; text: string; measurement: SmsMeasurement }
  | { channel: 'letter'; language: string; pdf: Buffer };

/**
 * Renders a step's template for one debtor as it would go out today,
 * without writing a message: an e-mail (subject, html with the QR code
 * inlined, and text), an SMS (text and segments) or a letter PDF. The
 * template key comes from `stepId` when given. `source` replaces stored
 * template parts, so a credit manager can try a change first. A Liquid
 * error in the template becomes invalid_input with the engine's message.
 */
export async function previewTemplate(
  executor: Executor,
  params: {
    entityId: string;
    debtorId: string;
    stepId?: string | undefined;
    templateKey?: string | undefined;
    language: string;
    channel: 'email' | 'sms' | 'letter';
    source?: TemplateSource | undefined;
    asOf: PlainDate;
    publicUrl: string;
  },
): Promise<TemplatePreview> {
  const templateKey = await resolveTemplateKey(executor, params);
  const context = await buildPreviewContext(executor, {
    entityId: params.entityId,
    debtorId: params.debtorId,
    templateKey,
    channel: params.channel satisfies MessageChannel,
    language: params.language,
    asOf: params.asOf,
  });
  const portalLink = await buildDebtorPortalLink(executor, {
    organisationId: context.message.organisation_id,
    debtorId: params.debtorId,
    publicUrl: params.publicUrl,
  });
  const prepared = await prepareMessageContext(context, {
    publicUrl: params.publicUrl,
    portalLink,
  });
  const source = params.source ?? {};
  const { language } = prepared;

  try {
    if (params.channel === 'email') {
      const rendered = await renderPreparedEmail(prepared, source);
      return {
        channel: 'email',
        language,
        subject: rendered.subject,
        html: inlineImagesForPreview(rendered),
        text: rendered.text,
      };
    }
    if (params.channel === 'sms') {
      const sms = await renderPreparedSms(prepared, source.sms);
      return { channel: 'sms', language, ...sms };
    }
    const pdf = await drawPreparedLetter(prepared, { compress: true, source });
    return { channel: 'letter', language, pdf };
  } catch (error) {
    if (error instanceof LiquidError) {
      throw new AppError('invalid_input', `Template rendering failed: ${error.message}`);
    }
    if (error instanceof Error && error.message.startsWith('ENOENT')) {
      throw new AppError(
        'not_found',
        `No ${params.channel} template "${templateKey}" exists in language "${language}": ${error.message}`,
      );
    }
    throw error;
  }
}

async function resolveTemplateKey(
  executor: Executor,
  params: { stepId?: string | undefined; templateKey?: string | undefined },
): Promise<string> {
  if (params.stepId) {
    const step = await executor
      .selectFrom('steps')
      .select('template_key')
      .where('id', '=', params.stepId)
      .executeTakeFirst();
    if (!step) {
      throw new AppError('not_found', `Step ${params.stepId} does not exist.`);
    }
    return step.template_key;
  }
  if (params.templateKey) {
    return params.templateKey;
  }
  throw new AppError(
    'invalid_input',
    'The request has neither stepId nor templateKey; give one of them.',
  );
}
