import nodemailer from 'nodemailer';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import type { MailTransport } from '../messaging/create-mail-transport.ts';
import { loadEmailSettings, type EmailSettings } from './channel-settings.ts';

/** Connection, greeting and socket timeouts of an SMTP transport, in milliseconds. */
export interface SmtpTimeouts {
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
}

/**
 * Creates an SMTP transport from an organisation's e-mail settings. Without
 * a username the transport does not log in. Timeouts left out keep
 * nodemailer's defaults.
 */
export function createSmtpTransport(
  settings: EmailSettings,
  password: string | null,
  timeouts: Partial<SmtpTimeouts> = {},
): MailTransport {
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.username ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
    ...timeouts,
  });
}

/** An organisation's own SMTP transport and its sender, for sending approved messages. */
export interface OrganisationMailSender {
  transport: MailTransport;
  /** "Name <address>": the sender for entities without a sender address of their own. */
  from: string;
}

/**
 * Returns a transport for the organisation's e-mail channel, or undefined
 * when the organisation has none, so that the server-wide SMTP_URL applies.
 * The caller closes the transport when done.
 */
export async function loadOrganisationMailSender(
  database: DatabaseHandle,
  organisationId: string,
): Promise<OrganisationMailSender | undefined> {
  const stored = await withOrganisation(database, organisationId, (trx) => loadEmailSettings(trx));
  if (!stored) {
    return undefined;
  }
  const { settings, password } = stored;

  return {
    transport: createSmtpTransport(settings, password),
    from: `${quoteDisplayName(settings.fromName)} <${settings.fromAddress}>`,
  };
}

/** Quotes a display name for a From header when it contains characters that need it. */
function quoteDisplayName(name: string): string {
  return /^[\w .-]*$/.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}
