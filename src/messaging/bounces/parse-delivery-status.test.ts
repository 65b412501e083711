import { describe, expect, it } from 'vitest';
import { parseDeliveryStatus } from './parse-delivery-status.ts';
import { buildDsn } from './testing/build-dsn.ts';

const original = { recipient: 'Jan.Jansen@Example.test', messageId: '<abc-123@acme.example>' };

describe('parseDeliveryStatus', () => {
  it('reads a Postfix failure', async () => {
    const report = await parseDeliveryStatus(buildDsn('failedUserUnknown', original));

    expect(report.originalMessageId).toBe('<abc-123@acme.example>');
    expect(report.recipients).toEqual([
      {
        finalRecipient: 'jan.jansen@example.test',
        action: 'failed',
        status: '5.1.1',
        diagnosticCode:
          '550 5.1.1 <Jan.Jansen@Example.test>: Recipient address rejected: User unknown in virtual mailbox table',
      },
    ]);
  });

  it('reads a delay with message/rfc822', async () => {
    const report = await parseDeliveryStatus(buildDsn('delayedMailboxFull', original));

    expect(report.originalMessageId).toBe('<abc-123@acme.example>');
    expect(report.recipients[0]?.action).toBe('delayed');
    expect(report.recipients[0]?.status).toBe('4.2.2');
    expect(report.recipients[0]?.diagnosticCode).toBe('452 4.2.2 Mailbox full');
  });

  it('falls back to In-Reply-To', async () => {
    const report = await parseDeliveryStatus(buildDsn('failedWithoutReturnedHeaders', original));

    expect(report.originalMessageId).toBe('<abc-123@acme.example>');
    expect(report.recipients[0]?.status).toBe('5.2.1');
  });

  it('rejects an automatic reply', async () => {
    const parsing = parseDeliveryStatus(buildDsn('outOfOffice', original));

    await expect(parsing).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(parsing).rejects.toThrow(
      'The message is not a usable delivery status notification: its content type is text/plain, expected multipart/report; report-type=delivery-status.',
    );
  });

  it('rejects a report without status part', async () => {
    const raw = buildDsn('failedUserUnknown', original)
      .toString('utf8')
      .replace('Content-Type: message/delivery-status', 'Content-Type: text/plain');

    await expect(parseDeliveryStatus(raw)).rejects.toThrow(
      'its message/delivery-status part is missing',
    );
  });

  it('rejects a report without Message-ID', async () => {
    const raw = buildDsn('failedWithoutReturnedHeaders', original)
      .toString('utf8')
      .replace(/^In-Reply-To: .*\r\n/m, '')
      .replace(/^References: .*\r\n/m, '');

    await expect(parseDeliveryStatus(raw)).rejects.toThrow(
      'it names no original Message-ID: the returned headers part (text/rfc822-headers or message/rfc822), In-Reply-To and References have none',
    );
  });

  it('rejects 11 MB without line breaks', async () => {
    const raw = Buffer.alloc(11 * 1024 * 1024, 'a');

    const parsing = parseDeliveryStatus(raw);

    await expect(parsing).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(parsing).rejects.toThrow(
      'The message is not a usable delivery status notification: it cannot be parsed as an e-mail (Max header size for a MIME node exceeded).',
    );
  });

  it('rejects a block without Action', async () => {
    const raw = buildDsn('failedUserUnknown', original)
      .toString('utf8')
      .replace(/^Action: failed\r\n/m, '');

    await expect(parseDeliveryStatus(raw)).rejects.toThrow(
      'its message/delivery-status part has no Action field',
    );
  });
});
