import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { prepareMessage } from './prepare-message.ts';
import { measureSms, type SmsMeasurement } from './sms-encoding.ts';

export interface RenderedSms {
  text: string;
  /** The mobile number the dunning run chose; null when the debtor has none. */
  recipient: string | null;
  /** Country of the debtor, else of the entity (ISO 3166 alpha-2), for numbers written without a country code. */
  country: string | null;
  language: string;
  measurement: SmsMeasurement;
}

/**
 * Typographic characters that merge fields and templates may contain, with
 * the GSM-7 characters that replace them. Without this, one no-break space
 * in a formatted amount would turn the whole text into UCS-2, which fits
 * 70 characters per SMS instead of 160.
 */
const GSM7_REPLACEMENTS: ReadonlyArray<[RegExp, string]> = [
  [/[\u00a0\u2007\u2009\u202f]/g, ' '],
  [/[\u2018\u2019\u201a]/g, "'"],
  [/[\u201c\u201d\u201e]/g, '"'],
  [/[\u2013\u2014]/g, '-'],
  [/\u2026/g, '...'],
];

/**
 * Renders a message as the plain text of an SMS, from the template
 * "{language}/{templateKey}/sms" of the message's step, on one line. The
 * language is the message's as for e-mail; when that language has no SMS
 * template the entity's is used, then English.
 */
export async function renderSms(
  executor: Executor,
  params: { messageId: string; publicUrl?: string },
): Promise<RenderedSms> {
  const prepared = await prepareMessage(executor, params);
  const { context, templates } = prepared;
  // NOTE: amounts and dates keep the formats of `prepared.language` even when the SMS template
  // falls back to another language.
  const language = [prepared.language, context.entity.language, 'en'].find((candidate) =>
    templates.hasTemplate(`${candidate}/${context.templateKey}/sms`),
  );
  if (!language) {
    throw new AppError(
      'not_found',
      `No SMS template exists for step template "${context.templateKey}"; add templates/en/${context.templateKey}/sms.liquid.`,
    );
  }

  const rendered: string = await templates.text.renderFile(
    `${language}/${context.templateKey}/sms`,
    prepared.fields,
  );
  const text = replaceTypographicCharacters(rendered.replace(/\s+/g, ' ').trim());

  return {
    text,
    recipient: context.message.recipient,
    country: context.debtor.country ?? context.entity.country,
    language,
    measurement: measureSms(text),
  };
}

/** Replaces no-break spaces, curly quotes, dashes and the ellipsis with their GSM-7 equivalents. */
export function replaceTypographicCharacters(text: string): string {
  return GSM7_REPLACEMENTS.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}
