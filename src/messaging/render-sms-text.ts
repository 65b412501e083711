import type { PreparedMessage } from './prepare-message.ts';
import { renderTemplatePart } from './render-message.ts';
import { replaceTypographicCharacters } from './render-sms.ts';
import { measureSms, type SmsMeasurement } from './sms-encoding.ts';

/**
 * Renders the SMS text of a prepared message from its `sms` template, or
 * from `source` when given, on one line and measured in segments. Values
 * stay unescaped, as in the e-mail's text part. The typographic characters
 * that `renderSms` replaces before sending are replaced here too, so the
 * text and segment count are what the debtor receives.
 */
export async function renderPreparedSms(
  prepared: PreparedMessage,
  source?: string,
): Promise<{ text: string; measurement: SmsMeasurement }> {
  const rendered = await renderTemplatePart(prepared, 'sms', source, prepared.fields);
  const text = replaceTypographicCharacters(rendered.replace(/\s+/g, ' ').trim());

  return { text, measurement: measureSms(text) };
}
