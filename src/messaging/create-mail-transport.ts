import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../config.ts';

export type MailTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

/**
 * Creates the SMTP transport from the configured SMTP URL, with the
 * configured sender as default From. Returns undefined when no SMTP URL is
 * set: e-mail then stays approved in the outbox and nothing is sent.
 */
export function createMailTransport(
  config: Pick<Config, 'smtpUrl' | 'smtpFrom'>,
): MailTransport | undefined {
  if (!config.smtpUrl) {
    return undefined;
  }

  return nodemailer.createTransport(config.smtpUrl, { from: config.smtpFrom });
}
