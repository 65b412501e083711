import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.ts';
import { buildTestServer, type TestServer } from './server/test-server.ts';
import { createTestDatabase, type TestDatabase } from './testing/test-database.ts';

describe('redactUrl', () => {
  it('replaces the values of secret query parameters', () => {
    expect(redactUrl('/accept-invitation?token=abc123&lang=nl')).toBe(
      '/accept-invitation?token=%5Bredacted%5D&lang=nl',
    );
  });

  it('replaces the token of a payment link and a portal link', () => {
    expect(redactUrl('/pay/PAYTOKENabc123')).toBe('/pay/[redacted]');
    expect(redactUrl('/pay/PAYTOKENabc123/return?lang=nl')).toBe('/pay/[redacted]/return?lang=nl');
    expect(redactUrl('/portal/xyz789')).toBe('/portal/[redacted]');
    expect(redactUrl('//portal/xyz789')).toBe('//portal/[redacted]');
    expect(redactUrl('/./portal/xyz789')).toBe('/./portal/[redacted]');
    expect(redactUrl('/%70ay/PAYTOKENabc123')).toBe('/pay/[redacted]');
    expect(redactUrl('/api/portal/invoices')).toBe('/api/portal/invoices');
    expect(redactUrl('/api/payments/unmatched')).toBe('/api/payments/unmatched');
  });

  it('keeps other query parameters and plain paths', () => {
    expect(redactUrl('/api/debtors?entity=NL01&q=jansen')).toBe(
      '/api/debtors?entity=NL01&q=jansen',
    );
    expect(redactUrl('/api/health')).toBe('/api/health');
  });
});

describe('createLogger', () => {
  it('redacts provider secrets and credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);

    logger.info({ channel: { secret: 'sms-secret-1' }, authToken: 'twilio-token-2' }, 'saved');
    logger.info(
      { sms: { credentials: { accountSid: 'AC1', authToken: 'twilio-token-3' } } },
      'send',
    );

    const logged = lines.join('');
    expect(logged).toContain('saved');
    expect(logged).not.toContain('sms-secret-1');
    expect(logged).not.toContain('twilio-token-2');
    expect(logged).not.toContain('twilio-token-3');
  });
});

describe('request log lines', () => {
  let test: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    test = await createTestDatabase();
    server = await buildTestServer(test.database);
  });

  afterAll(async () => {
    await server.app.close();
    await test.drop();
  });

  it('carry no token of an invitation link', async () => {
    await server.app.inject({ method: 'GET', url: '/accept-invitation?token=s3cr3t-link-token' });

    const logged = server.logLines.join('');
    expect(logged).toContain('/accept-invitation');
    expect(logged).not.toContain('s3cr3t-link-token');
  });
});
