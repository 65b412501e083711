import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSenderDomain } from './check-sender-domain.ts';
import { startDnsServer, type TestDnsServer } from './testing/start-dns-server.ts';

let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer({
    'acme.test': ['v=spf1 include:mail.provider.test ~all', 'google-site-verification=abc'],
    'default._domainkey.acme.test': [['v=DKIM1; k=rsa; p=MIIBIjANBgkq', 'hkiG9w0BAQEFAAOC']],
    '_dmarc.acme.test': ['v=DMARC1; p=none; rua=mailto:dmarc@acme.test'],
    'double.test': ['v=spf1 a ~all', 'v=spf1 mx -all'],
    'strict.test': ['v=spf1 ip4:192.0.2.0/24 -all'],
    '_dmarc.strict.test': ['v=DMARC1; p=reject'],
    'mail2024._domainkey.strict.test': ['k=rsa; p=MIGfMA0'],
  });
});

afterAll(async () => {
  await dns.close();
});

const check = (domain: string, overrides: { selector?: string; smtpHost?: string | null } = {}) =>
  checkSenderDomain({
    domain,
    selector: overrides.selector ?? 'default',
    smtpHost: overrides.smtpHost === undefined ? 'smtp.mail.provider.test' : overrides.smtpHost,
    dnsServers: [dns.address],
  });

const keys = (result: { guidance: Array<{ key: string }> }) =>
  result.guidance.map((entry) => entry.key);

describe('checkSenderDomain', () => {
  it('finds SPF, DKIM and DMARC', async () => {
    const result = await check('Acme.test');

    expect(result.checked).toBe(true);
    expect(result.domain).toBe('acme.test');
    expect(result.spf).toEqual({
      found: true,
      record: 'v=spf1 include:mail.provider.test ~all',
      includesHint: 'spf.host_listed',
      includes: ['mail.provider.test'],
    });
    expect(result.dkim).toEqual({
      selector: 'default',
      found: true,
      record: 'v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOC',
    });
    expect(result.dmarc).toEqual({
      found: true,
      record: 'v=DMARC1; p=none; rua=mailto:dmarc@acme.test',
      policy: 'none',
    });
    expect(keys(result)).toEqual([
      'spf.found',
      'spf.host_listed',
      'dkim.found',
      'dmarc.policy_none',
    ]);
  });

  it('asks the configured DNS server', async () => {
    await check('acme.test');

    expect(dns.queries).toContain('_dmarc.acme.test');
    expect(dns.queries).toContain('default._domainkey.acme.test');
  });

  it('reports missing records with guidance', async () => {
    const result = await check('nothing.test');

    expect(result.checked).toBe(true);
    expect(result.spf.found).toBe(false);
    expect(result.spf.includesHint).toBeNull();
    expect(result.dkim.found).toBe(false);
    expect(result.dmarc.found).toBe(false);
    expect(keys(result)).toEqual(['spf.missing', 'dkim.missing', 'dmarc.missing']);
    expect(result.guidance[0]?.text).toContain('v=spf1');
  });

  it('flags two SPF records', async () => {
    const result = await check('double.test');

    expect(keys(result)).toContain('spf.multiple');
  });

  it('hints when SPF does not name the SMTP host', async () => {
    const result = await check('strict.test', { selector: 'mail2024' });

    expect(result.spf.includesHint).toBe('spf.host_not_listed');
    expect(result.dkim).toMatchObject({ selector: 'mail2024', found: true });
    expect(result.dmarc.policy).toBe('reject');
    expect(keys(result)).toEqual(['spf.found', 'spf.host_not_listed', 'dkim.found', 'dmarc.found']);
  });

  it('gives no host hint without an SMTP host', async () => {
    const result = await check('strict.test', { smtpHost: null });

    expect(result.spf.includesHint).toBeNull();
  });

  it('answers unchecked when no server responds', async () => {
    // A bound socket that never responds, so every lookup times out.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const result = await checkSenderDomain({
        domain: 'acme.test',
        selector: 'default',
        smtpHost: null,
        dnsServers: [`127.0.0.1:${port}`],
        timeoutMs: 300,
      });

      expect(result.checked).toBe(false);
      expect(result.error).toMatch(/DNS lookup of .*acme\.test failed \(ETIMEOUT\)/);
      expect(result.spf.found).toBe(false);
      expect(keys(result)).toEqual(['dns.unavailable']);
    } finally {
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
