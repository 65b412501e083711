import fs from 'node:fs';
import path from 'node:path';
import type { Channel } from '../db/schema.ts';
import {
  defaultTemplateDirectory,
  loadTemplateSet,
  type TemplateSet,
} from '../messaging/template-store.ts';

/** Every channel a step can use, in the order the editor offers them. */
export const STEP_CHANNELS = ['email', 'letter', 'sms', 'call', 'fax', 'handover'] as const;

/**
 * Template key of call steps. A call task is no message, so no template file
 * is rendered for it, and the key only names the kind of call.
 */
export const CALL_TEMPLATE_KEY = 'call';

/**
 * A message is written in English when the debtor's and entity's languages
 * have no template for its key, so every key a step names must exist in English.
 */
const FALLBACK_LANGUAGE = 'en';

/**
 * Tells whether a step of `channel` can use `templateKey`. E-mail, letter,
 * fax and hand-over messages render the subject, html and text parts; SMS
 * messages need those and the sms part too. Call steps accept any key.
 */
export function templateFitsChannel(
  set: TemplateSet,
  channel: Channel,
  templateKey: string,
): boolean {
  if (channel === 'call') {
    return true;
  }
  const hasMessageParts = set.has(FALLBACK_LANGUAGE, templateKey);
  if (channel === 'sms') {
    return hasMessageParts && set.hasTemplate(`${FALLBACK_LANGUAGE}/${templateKey}/sms`);
  }

  return hasMessageParts;
}

/** Lists, per channel, the template keys its steps can use, sorted by key. */
export function listStepTemplates(
  directory: string = defaultTemplateDirectory,
): Record<Channel, string[]> {
  const set = loadTemplateSet(directory);
  const keys = readTemplateKeys(path.join(directory, FALLBACK_LANGUAGE));
  const result = {} as Record<Channel, string[]>;
  for (const channel of STEP_CHANNELS) {
    result[channel] =
      channel === 'call'
        ? [CALL_TEMPLATE_KEY]
        : keys.filter((key) => templateFitsChannel(set, channel, key));
  }

  return result;
}

/** Returns the names of the template folders in one language folder. */
function readTemplateKeys(languageDirectory: string): string[] {
  if (!fs.existsSync(languageDirectory)) {
    return [];
  }

  return fs
    .readdirSync(languageDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
