import { recordAudit } from '../audit/record-audit.ts';
import type { TwilioChannel } from '../channels/sms-channel.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { Logger } from '../logger.ts';
import { flagMobileNumber, UNUSABLE_NUMBER_ERROR_CODES } from './flag-mobile-number.ts';
import { renderSms, type RenderedSms } from './render-sms.ts';
import { createTwilioMessage, TwilioApiError, type TwilioMessage } from './twilio-client.ts';
import { describeError, markMessageFailed, transitionMessage } from './update-message-status.ts';

/** The addresses of Collecta for Twilio's status callbacks and payment links, and of Twilio's API. */
export interface SmsSendOptions {
  /**
   * Collecta's public address: status callbacks go to
   * {publicUrl}/api/webhooks/sms/twilio/{organisationId}, and the payment link starts with it.
   */
  publicUrl: string;
  /** Twilio's API; tests set a local fake. Default https://api.twilio.com. */
  twilioApiUrl?: string;
}

/** Returns the URL that Twilio posts the delivery status of an organisation's messages to. */
export function twilioStatusCallbackUrl(publicUrl: string, organisationId: string): string {
  return `${publicUrl.replace(/\/$/, '')}/api/webhooks/sms/twilio/${organisationId}`;
}

/**
 * Sends one approved SMS message through Twilio at most once. A short
 * transaction renders it and claims it (approved → sending); the API call
 * runs outside any transaction; a second transaction records the outcome:
 * sent with Twilio's message sid, the segment count and the first delivery
 * status, or failed with Twilio's error. A message that another sender
 * claimed first is skipped, and after a crash between claim and outcome
 * the message stays in "sending" and is never sent again automatically.
 */
export async function sendSmsMessage(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    messageId: string;
    channel: TwilioChannel;
    options: SmsSendOptions;
    logger: Logger;
  },
): Promise<'sent' | 'failed' | 'skipped'> {
  const { organisationId, messageId, channel, logger } = params;

  let sms: RenderedSms | undefined;
  try {
    sms = await renderAndClaim(database, {
      organisationId,
      messageId,
      publicUrl: params.options.publicUrl,
    });
  } catch (error) {
    const text = await markMessageFailed(database, {
      organisationId,
      messageId,
      from: 'approved',
      error,
    });
    logger.error({ messageId, organisationId, error: text }, 'SMS rendering failed');
    return 'failed';
  }
  if (!sms) {
    return 'skipped';
  }

  let created: TwilioMessage;
  try {
    created = await createTwilioMessage({
      credentials: channel.credentials,
      message: {
        to: normalisePhoneNumber(sms.recipient ?? '', sms.country),
        ...(channel.messagingServiceSid
          ? { messagingServiceSid: channel.messagingServiceSid }
          : { from: channel.from ?? '' }),
        body: sms.text,
        statusCallback: twilioStatusCallbackUrl(params.options.publicUrl, organisationId),
      },
      ...(params.options.twilioApiUrl ? { baseUrl: params.options.twilioApiUrl } : {}),
    });
  } catch (error) {
    // NOTE: a timeout is recorded as failed like a rejection, although Twilio may have
    // accepted the message; nothing resends a failed message automatically.
    await recordFailure(database, { organisationId, messageId, error });
    logger.error({ messageId, organisationId, error: describeError(error) }, 'SMS sending failed');
    return 'failed';
  }

  try {
    await recordSent(database, { organisationId, messageId, sms, created });
  } catch (error) {
    // Twilio has the message, so it must not look unsent: it stays in "sending".
    logger.error(
      { messageId, organisationId, providerMessageId: created.sid, error: describeError(error) },
      'SMS sent, but recording it failed; the message stays in sending',
    );
    return 'sent';
  }
  logger.info(
    {
      messageId,
      organisationId,
      providerMessageId: created.sid,
      segments: sms.measurement.segments,
    },
    'SMS sent',
  );

  return 'sent';
}

/**
 * Country calling codes of the countries whose national numbers start with
 * the trunk prefix 0, which is dropped when the country code is added.
 */
const TRUNK_ZERO_CALLING_CODES: Readonly<Record<string, string>> = {
  AT: '43',
  AU: '61',
  BE: '32',
  CH: '41',
  DE: '49',
  FI: '358',
  FR: '33',
  GB: '44',
  IE: '353',
  NL: '31',
  NZ: '64',
  SE: '46',
};

/**
 * Removes the spaces, dots, hyphens and brackets people write in phone
 * numbers, drops a trunk prefix written as "(0)" and turns a leading "00"
 * into "+". A national number such as 06 12345678 gets the calling code of
 * `country` in place of its leading 0, giving +31612345678 for NL.
 */
export function normalisePhoneNumber(number: string, country?: string | null): string {
  const compact = number.replace(/\(0\)/g, '').replace(/[\s.\-()/]/g, '');
  if (compact.startsWith('00')) {
    return `+${compact.slice(2)}`;
  }
  const callingCode = country ? TRUNK_ZERO_CALLING_CODES[country.toUpperCase()] : undefined;
  if (callingCode && /^0[1-9]\d+$/.test(compact)) {
    return `+${callingCode}${compact.slice(1)}`;
  }
  // NOTE: a national number of a country outside the table stays as it is, and Twilio rejects it (error 21211).
  return compact;
}

async function renderAndClaim(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; publicUrl: string },
): Promise<RenderedSms | undefined> {
  return withOrganisation(database, params.organisationId, async (trx) => {
    const sms = await renderSms(trx, { messageId: params.messageId, publicUrl: params.publicUrl });
    if (!sms.recipient) {
      throw new Error('The message has no recipient mobile number.');
    }
    const claimed = await transitionMessage(trx, {
      messageId: params.messageId,
      from: 'approved',
      to: 'sending',
    });
    return claimed ? sms : undefined;
  });
}

async function recordFailure(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; error: unknown },
): Promise<void> {
  const { organisationId, messageId, error } = params;
  await markMessageFailed(database, { organisationId, messageId, from: 'sending', error });
  if (
    error instanceof TwilioApiError &&
    error.twilioCode !== null &&
    UNUSABLE_NUMBER_ERROR_CODES.has(error.twilioCode)
  ) {
    await withOrganisation(database, organisationId, (trx) =>
      flagMobileNumber(trx, { messageId, errorCode: String(error.twilioCode) }),
    );
  }
}

async function recordSent(
  database: DatabaseHandle,
  params: { organisationId: string; messageId: string; sms: RenderedSms; created: TwilioMessage },
): Promise<void> {
  const { organisationId, messageId, sms, created } = params;
  await withOrganisation(database, organisationId, async (trx) => {
    await transitionMessage(trx, { messageId, from: 'sending', to: 'sent' });
    const message = await trx
      .updateTable('messages')
      .set({
        provider_message_id: created.sid,
        segments: sms.measurement.segments,
        delivery_status: created.status,
      })
      .where('id', '=', messageId)
      .returning('entity_id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organisationId,
      actor: 'system',
      action: 'message.sent',
      subjectType: 'message',
      subjectId: messageId,
      entityId: message.entity_id,
      after: {
        recipient: sms.recipient,
        providerMessageId: created.sid,
        segments: sms.measurement.segments,
        encoding: sms.measurement.encoding,
      },
    });
  });
}
