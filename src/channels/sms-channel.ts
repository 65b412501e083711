import { z } from 'zod';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { TwilioCredentials } from '../messaging/twilio-client.ts';

/** A Messaging Service SID: "MG" and 32 hexadecimal digits. */
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;

/**
 * The settings of the SMS channel with provider "twilio", as the wizard
 * stores them: the account SID and the sender. The sender is a Twilio phone
 * number in E.164 form, an alphanumeric sender ID (up to 11 letters, digits
 * and spaces, with at least one letter) or a Messaging Service SID.
 */
export const twilioChannelSettings = z.object({
  accountId: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'use the account SID: AC followed by 32 hexadecimal digits'),
  sender: z
    .string()
    .trim()
    .refine(
      (value) =>
        /^\+[1-9]\d{6,14}$/.test(value) ||
        (/^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value)) ||
        MESSAGING_SERVICE_SID.test(value),
      'use a phone number such as +31201234567, a sender name of at most 11 letters and digits, or a Messaging Service SID (MG...)',
    ),
});

/** The credentials and sender for sending through Twilio. It contains the auth token, so never log or return it. */
export interface TwilioChannel {
  credentials: TwilioCredentials;
  /** Exactly one of `from` and `messagingServiceSid` is set. */
  from: string | undefined;
  messagingServiceSid: string | undefined;
}

/**
 * Reads the organisation's SMS channel for sending. Returns undefined when
 * it has none or uses another provider than Twilio, which Collecta cannot
 * send through. Throws "invalid_input" when the Twilio settings are
 * incomplete, naming the setting to fix but never the token.
 */
export async function loadTwilioChannel(executor: Executor): Promise<TwilioChannel | undefined> {
  const row = await executor
    .selectFrom('channel_settings')
    .select(['provider', 'settings', 'secret'])
    .where('channel', '=', 'sms')
    .executeTakeFirst();
  if (!row || row.provider !== 'twilio') {
    return undefined;
  }
  const parsed = twilioChannelSettings.safeParse(row.settings);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new AppError(
      'invalid_input',
      `The Twilio SMS settings are invalid (${fields}); correct them in the set-up wizard.`,
    );
  }
  if (!row.secret) {
    throw new AppError(
      'invalid_input',
      'The Twilio SMS channel has no auth token; enter it in the set-up wizard.',
    );
  }
  const { accountId, sender } = parsed.data;
  const viaService = MESSAGING_SERVICE_SID.test(sender);

  return {
    credentials: { accountSid: accountId, authToken: row.secret },
    from: viaService ? undefined : sender,
    messagingServiceSid: viaService ? sender : undefined,
  };
}
