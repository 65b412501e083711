import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { loadEmailSettings, markEmailVerified, type EmailSettings } from './channel-settings.ts';
import { createSmtpTransport } from './smtp-transport.ts';

/** A test should fail within one request, not after nodemailer's two-minute default timeouts. */
const TEST_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** The fields of a nodemailer error that explain an SMTP failure. */
interface SmtpFailure {
  code?: string;
  response?: string;
  responseCode?: number;
  message: string;
}

/**
 * Sends a test message to `to` through the organisation's stored SMTP
 * settings and, when the server accepts it, marks the channel verified.
 * The SMTP call runs outside any transaction. A failure throws
 * "delivery_failed" with the server's reason, from which the password is
 * removed; it is logged without the password too.
 */
export async function sendTestEmail(
  database: DatabaseHandle,
  params: {
    organisationId: string;
    actor: string;
    to: string;
    logger: Pick<Logger, 'info' | 'warn'>;
  },
): Promise<{ sent: true; messageId: string; verifiedAt: string }> {
  const { organisationId } = params;
  const stored = await withOrganisation(database, organisationId, (trx) => loadEmailSettings(trx));
  if (!stored) {
    throw new AppError(
      'conflict',
      'No e-mail channel is configured; save the SMTP settings with PUT /api/channels/email first.',
    );
  }
  const { settings, password } = stored;
  const messageId = `<${randomUUID()}@${domainOfAddress(settings.fromAddress)}>`;
  const transport = createSmtpTransport(settings, password, TEST_TIMEOUTS);
  try {
    await transport.sendMail({
      from: { name: settings.fromName, address: settings.fromAddress },
      to: params.to,
      subject: 'Collecta test message',
      text: `This test message shows that Collecta can send e-mail through ${settings.host}:${settings.port} as ${settings.fromAddress}.\n`,
      messageId,
    });
  } catch (error) {
    const reason = redact(describeSmtpFailure(error as SmtpFailure), password);
    params.logger.warn(
      { organisationId, host: settings.host, port: settings.port, reason },
      'test e-mail failed',
    );
    throw new AppError(
      'delivery_failed',
      `The test message was not sent: ${reason}. Check the SMTP settings.`,
      { smtp: smtpDetails(error as SmtpFailure, settings) },
    );
  } finally {
    transport.close();
  }

  const verifiedAt = await withOrganisation(database, organisationId, (trx) =>
    markEmailVerified(trx, { organisationId, actor: params.actor, to: params.to, messageId }),
  );
  params.logger.info({ organisationId, messageId }, 'test e-mail sent');

  return { sent: true, messageId, verifiedAt: verifiedAt.toISOString() };
}

/** Describes an SMTP failure in words a person setting up the channel can act on. */
function describeSmtpFailure(error: SmtpFailure): string {
  const server = error.response ?? error.message;
  switch (error.code) {
    case 'EAUTH':
      return `the SMTP server rejected the login (${server})`;
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
      return `no connection to the SMTP server (${error.message}); check the host, the port and the TLS setting`;
    case 'EENVELOPE':
      return `the SMTP server rejected the sender or the recipient (${server})`;
    default:
      return `the SMTP server failed the message (${server})`;
  }
}

function smtpDetails(error: SmtpFailure, settings: EmailSettings) {
  return {
    host: settings.host,
    port: settings.port,
    code: error.code ?? null,
    responseCode: error.responseCode ?? null,
  };
}

/** Removes the password from a text, in case a server or library echoes it. */
function redact(text: string, password: string | null): string {
  return password ? text.split(password).join('[redacted]') : text;
}

function domainOfAddress(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1) || 'localhost';
}
