import { loadFaxChannel, type FaxChannelSettings } from '../channels/fax-channel.ts';
import { loadTwilioChannel, type TwilioChannel } from '../channels/sms-channel.ts';
import { loadOrganisationMailSender } from '../channels/smtp-transport.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { MessageStatus } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { createLogger, type Logger } from '../logger.ts';
import { isOrganisationLive } from '../provisioning/organisation-live.ts';
import type { MailTransport } from './create-mail-transport.ts';
import { printLetterMessage } from './print-letter-message.ts';
import { resumeInterruptedEmail, sendApprovedEmail } from './send-email-exactly-once.ts';
import { sendFaxMessage } from './send-fax-message.ts';
import { splitBySendingWindow } from './sending-window.ts';
import { sendSmsMessage, type SmsSendOptions } from './send-sms-message.ts';
import { describeError } from './update-message-status.ts';

export interface SendApprovedMessagesParams {
  organisationId: string;
  /** Only these messages; all approved messages of the organisation when left out. */
  messageIds?: string[];
  /** Only the messages of this message batch. */
  batchId?: string;
  /**
   * The server-wide SMTP transport; undefined when SMTP_URL is not set. The
   * organisation's own e-mail channel, when it has one, is used instead.
   * Without either, e-mail waits in the outbox.
   */
  transport: MailTransport | undefined;
  /**
   * Sender for entities without a sender address; its domain also names the
   * Message-ID. The organisation's e-mail channel sender replaces it.
   */
  defaultFrom?: string;
  /**
   * Addresses for SMS through the organisation's Twilio channel. Without
   * them, or without a Twilio channel, approved SMS wait in the outbox.
   */
  sms?: SmsSendOptions;
  /**
   * Collecta's public address (PUBLIC_URL), for the payment link in
   * e-mails, letters and faxes. SMS take it from `sms`. Without it these
   * messages have no payment link.
   */
  publicUrl?: string;
  logger?: Logger;
  /** The current time, for the entities' sending windows; the system clock when left out. */
  now?: Date;
}

export interface SendResult {
  /** E-mails the SMTP server accepted and SMS the provider accepted. */
  sent: number;
  /** Letters released for printing (status sent). */
  printed: number;
  failed: number;
  /**
   * Approved messages left in the outbox: e-mail without SMTP, SMS without a
   * Twilio channel, and channels without a sender.
   */
  waiting: number;
  /**
   * Messages in "sending" that this call did not resend: SMS and fax
   * messages (interrupted, or in transfer by another sender), and e-mail
   * without SMTP. E-mails that a live sender is sending are not listed.
   */
  stuck: string[];
  /**
   * Present when e-mails or SMS messages wait, still approved, for their
   * entity's sending window: how many, and when the earliest window opens.
   */
  outsideWindow?: { count: number; resumeAt: Date };
}

/**
 * Sends the approved messages of an organisation: e-mails over SMTP, SMS
 * through the organisation's Twilio channel and letters released for
 * printing. Running it twice, or in two processes at the same time, sends
 * no message twice (see sendApprovedEmail and sendSmsMessage). An e-mail
 * left in "sending" by a process that died mid-transfer is sent again with
 * the same Message-ID (see resumeInterruptedEmail). E-mail goes through the organisation's own e-mail
 * channel when it has one, else through `params.transport`. Without either,
 * e-mails stay approved and count as waiting. Throws "not_live" and sends
 * nothing while the organisation is not live.
 */
export async function sendApprovedMessages(
  database: DatabaseHandle,
  params: SendApprovedMessagesParams,
): Promise<SendResult> {
  const logger = params.logger ?? createLogger('info');
  const { organisationId } = params;
  const live = await withOrganisation(database, organisationId, (trx) =>
    isOrganisationLive(trx, organisationId),
  );
  if (!live) {
    // Dunning runs write no batches before go-live, so approved messages here mean a bug or a hand-made row.
    throw new AppError(
      'not_live',
      'The organisation is not live yet, so no message is sent; go live first.',
    );
  }
  const organisationSender = await loadOrganisationMailSender(database, organisationId);
  const smsChannel = params.sms
    ? await loadSmsChannel(database, organisationId, logger)
    : undefined;
  const faxChannel = await loadFaxGateway(database, organisationId, logger);
  try {
    return await sendMessages(database, {
      ...params,
      logger,
      transport: organisationSender?.transport ?? params.transport,
      defaultFrom: organisationSender?.from ?? params.defaultFrom,
      smsChannel,
      faxChannel,
    });
  } finally {
    organisationSender?.transport.close();
  }
}

/** Reads the Twilio channel; a misconfigured one is logged and leaves SMS waiting. */
async function loadSmsChannel(
  database: DatabaseHandle,
  organisationId: string,
  logger: Logger,
): Promise<TwilioChannel | undefined> {
  try {
    return await withOrganisation(database, organisationId, (trx) => loadTwilioChannel(trx));
  } catch (error) {
    logger.warn(
      { organisationId, error: describeError(error) },
      'SMS channel unusable; SMS wait in the outbox',
    );
    return undefined;
  }
}

/** Reads the fax channel; a misconfigured one is logged and leaves faxes waiting. */
async function loadFaxGateway(
  database: DatabaseHandle,
  organisationId: string,
  logger: Logger,
): Promise<FaxChannelSettings | undefined> {
  try {
    return await withOrganisation(database, organisationId, (trx) => loadFaxChannel(trx));
  } catch (error) {
    logger.warn(
      { organisationId, error: describeError(error) },
      'fax channel unusable; faxes wait in the outbox',
    );
    return undefined;
  }
}

async function sendMessages(
  database: DatabaseHandle,
  params: SendApprovedMessagesParams & {
    logger: Logger;
    smsChannel: TwilioChannel | undefined;
    faxChannel: FaxChannelSettings | undefined;
  },
): Promise<SendResult> {
  const { organisationId, logger, publicUrl } = params;
  // Interrupted transfers are read first, so that none of this call's own claims is among them.
  const interrupted = await selectMessages(database, params, 'sending');
  const window = await splitBySendingWindow(database, {
    organisationId,
    messages: [...interrupted, ...(await selectMessages(database, params, 'approved'))],
    now: params.now ?? new Date(),
  });

  const result: SendResult = { sent: 0, printed: 0, failed: 0, waiting: 0, stuck: [] };
  const sendable = window.sendable.filter((message) => message.status === 'approved');
  await resumeInterrupted(database, params, {
    messages: window.sendable.filter((message) => message.status === 'sending'),
    result,
  });
  for (const message of sendable) {
    const messageId = message.id;
    if (message.channel === 'letter') {
      const outcome = await printLetterMessage(database, {
        organisationId,
        messageId,
        logger,
        publicUrl,
      });
      result.printed += outcome === 'printed' ? 1 : 0;
      result.failed += outcome === 'failed' ? 1 : 0;
    } else if (message.channel === 'email' && params.transport) {
      const outcome = await sendApprovedEmail(database, {
        organisationId,
        messageId,
        transport: params.transport,
        defaultFrom: params.defaultFrom,
        logger,
        publicUrl,
      });
      result.sent += outcome === 'sent' ? 1 : 0;
      result.failed += outcome === 'failed' ? 1 : 0;
    } else if (message.channel === 'sms' && params.smsChannel && params.sms) {
      const outcome = await sendSmsMessage(database, {
        organisationId,
        messageId,
        channel: params.smsChannel,
        options: params.sms,
        logger,
      });
      result.sent += outcome === 'sent' ? 1 : 0;
      result.failed += outcome === 'failed' ? 1 : 0;
    } else if (message.channel === 'fax' && params.faxChannel && params.transport) {
      // A fax is an e-mail to the organisation's fax gateway; without a fax channel it waits.
      const outcome = await sendFaxMessage(database, {
        organisationId,
        messageId,
        transport: params.transport,
        defaultFrom: params.defaultFrom,
        fax: params.faxChannel,
        logger,
        publicUrl,
      });
      result.sent += outcome === 'sent' ? 1 : 0;
      result.failed += outcome === 'failed' ? 1 : 0;
    } else {
      // NOTE: hand-over has no sender yet; such messages wait like e-mail without SMTP.
      result.waiting += 1;
    }
  }

  if (window.resumeAt) {
    result.outsideWindow = { count: window.deferred.length, resumeAt: window.resumeAt };
    logger.info(
      { organisationId, ...result.outsideWindow },
      'messages wait for the sending window of their entity',
    );
  }
  if (result.stuck.length > 0) {
    logger.warn(
      { organisationId, messageIds: result.stuck },
      'messages left in sending by an interrupted attempt; check the SMTP log or the Twilio message log before resending',
    );
  }
  logger.info({ organisationId, ...result, stuck: result.stuck.length }, 'approved messages sent');

  return result;
}

/**
 * Sends again the e-mails among `messages` (all in "sending") whose sender
 * died mid-transfer. The messages it does not send again go to
 * `result.stuck`, which are e-mails without SMTP, SMS and fax messages.
 * NOTE: SMS and fax transfers are not resumed. The SMS provider has no way
 * to recognise a second attempt, and a fax gateway may dial twice.
 */
async function resumeInterrupted(
  database: DatabaseHandle,
  params: SendApprovedMessagesParams & { logger: Logger },
  work: { messages: Array<{ id: string; channel: string }>; result: SendResult },
): Promise<void> {
  const { organisationId, logger, transport } = params;
  const { result } = work;
  for (const message of work.messages) {
    if (message.channel !== 'email' || !transport) {
      result.stuck.push(message.id);
      continue;
    }
    const outcome = await resumeInterruptedEmail(database, {
      organisationId,
      messageId: message.id,
      transport,
      defaultFrom: params.defaultFrom,
      logger,
      publicUrl: params.publicUrl,
    });
    result.sent += outcome === 'sent' ? 1 : 0;
    result.failed += outcome === 'failed' ? 1 : 0;
  }
}

async function selectMessages(
  database: DatabaseHandle,
  params: SendApprovedMessagesParams,
  status: MessageStatus,
): Promise<Array<{ id: string; channel: string; status: MessageStatus }>> {
  if (params.messageIds && params.messageIds.length === 0) {
    return [];
  }

  return withOrganisation(database, params.organisationId, (trx) => {
    let query = trx
      .selectFrom('messages')
      .select(['id', 'channel', 'status'])
      .where('status', '=', status)
      .orderBy('created_at')
      .orderBy('id');
    if (params.messageIds) {
      query = query.where('id', 'in', params.messageIds);
    }
    if (params.batchId) {
      query = query.where('batch_id', '=', params.batchId);
    }
    return query.execute();
  });
}
