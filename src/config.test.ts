import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('rejects an SMTP_URL that is not smtp or smtps', () => {
    const load = () => loadConfig({ SMTP_URL: 'http://user:s3cret@mail.example.com:587' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SMTP_URL: use an smtp:\/\/ or smtps:\/\/ address/);
  });

  it('keeps the password out of the SMTP_URL error', () => {
    let message = '';
    try {
      loadConfig({ SMTP_URL: 'ftp://user:s3cret@mail.example.com' });
    } catch (error) {
      message = String(error);
    }

    expect(message).toContain('SMTP_URL');
    expect(message).not.toContain('s3cret');
  });

  it('accepts smtp and smtps addresses', () => {
    expect(loadConfig({ SMTP_URL: 'smtp://mail.example.com:25' }).smtpUrl).toBe(
      'smtp://mail.example.com:25',
    );
    expect(loadConfig({ SMTP_URL: 'SMTPS://mail.example.com' }).smtpUrl).toBe(
      'SMTPS://mail.example.com',
    );
  });
});
