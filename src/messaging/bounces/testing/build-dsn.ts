import { readFileSync } from 'node:fs';

/** The delivery status notifications under this folder, each written like a real MTA's. */
export const DSN_FIXTURES = {
  /** Postfix: Action failed, Status 5.1.1, returned headers as text/rfc822-headers. */
  failedUserUnknown: 'failed-user-unknown.eml',
  /** Action delayed, Status 4.2.2, the whole e-mail returned as message/rfc822. */
  delayedMailboxFull: 'delayed-mailbox-full.eml',
  /** Action failed, Status 5.2.1, no returned headers; the Message-ID is in In-Reply-To. */
  failedWithoutReturnedHeaders: 'failed-without-returned-headers.eml',
  /** An automatic reply, which is no delivery status notification. */
  outOfOffice: 'out-of-office.eml',
} as const;

/**
 * Builds a raw delivery status notification from a fixture, for the
 * recipient address and the Message-ID (with angle brackets) of the
 * e-mail that it reports on.
 */
export function buildDsn(
  fixture: keyof typeof DSN_FIXTURES,
  params: { recipient: string; messageId: string },
): Buffer {
  const template = readFileSync(new URL(DSN_FIXTURES[fixture], import.meta.url), 'utf8');

  return Buffer.from(
    template
      .replaceAll('{{RECIPIENT}}', params.recipient)
      .replaceAll('{{MESSAGE_ID}}', params.messageId)
      .replace(/\r?\n/g, '\r\n'),
  );
}
