import { describe, expect, it } from 'vitest';
import {
  buildOtpauthUrl,
  computeHotp,
  computeTotp,
  createTotpSecret,
  decodeBase32,
  encodeBase32,
  verifyTotp,
  type TotpAlgorithm,
} from './totp.ts';

/** The seeds of RFC 6238 appendix B: ASCII digits repeated to the hash's output length. */
const rfcSeeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890', 'ascii'),
  sha256: Buffer.from('12345678901234567890123456789012', 'ascii'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii'),
};

/** RFC 6238 appendix B: time in seconds, expected 8-digit code, algorithm. */
const rfc6238Vectors: Array<[number, string, TotpAlgorithm]> = [
  [59, '94287082', 'sha1'],
  [59, '46119246', 'sha256'],
  [59, '90693936', 'sha512'],
  [1111111109, '07081804', 'sha1'],
  [1111111109, '68084774', 'sha256'],
  [1111111109, '25091201', 'sha512'],
  [1111111111, '14050471', 'sha1'],
  [1111111111, '67062674', 'sha256'],
  [1111111111, '99943326', 'sha512'],
  [1234567890, '89005924', 'sha1'],
  [1234567890, '91819424', 'sha256'],
  [1234567890, '93441116', 'sha512'],
  [2000000000, '69279037', 'sha1'],
  [2000000000, '90698825', 'sha256'],
  [2000000000, '38618901', 'sha512'],
  [20000000000, '65353130', 'sha1'],
  [20000000000, '77737706', 'sha256'],
  [20000000000, '47863826', 'sha512'],
];

/** RFC 4226 appendix D: HOTP codes for counters 0 to 9 with the SHA-1 seed. */
const rfc4226Codes = [
  '755224',
  '287082',
  '359152',
  '969429',
  '338314',
  '254676',
  '287922',
  '162583',
  '399871',
  '520489',
];

describe('TOTP', () => {
  it.each(rfc6238Vectors)('RFC 6238 vector at %i s is %s (%s)', (seconds, code, algorithm) => {
    expect(computeTotp(rfcSeeds[algorithm], seconds * 1000, { digits: 8, algorithm })).toBe(code);
  });

  it('RFC 6238 vectors with 6 digits are the last 6', () => {
    for (const [seconds, code] of rfc6238Vectors.filter(
      ([, , algorithm]) => algorithm === 'sha1',
    )) {
      expect(computeTotp(rfcSeeds.sha1, seconds * 1000), `at ${seconds} s`).toBe(code.slice(2));
    }
  });

  it('RFC 4226 HOTP vectors', () => {
    const codes = rfc4226Codes.map((_, counter) => computeHotp(rfcSeeds.sha1, counter));

    expect(codes).toEqual(rfc4226Codes);
  });

  it('base32 matches the RFC 4648 vectors', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of vectors) {
      expect(encodeBase32(Buffer.from(text)), text).toBe(encoded);
      expect(decodeBase32(encoded).toString(), encoded).toBe(text);
    }
  });

  it('base32 decoding ignores case, spaces and padding', () => {
    expect(decodeBase32('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(() => decodeBase32('MZXW1')).toThrow(/Invalid base32 character "1"/);
  });

  it('secret is 32 base32 characters', () => {
    const secret = createTotpSecret();

    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeBase32(secret)).toHaveLength(20);
    expect(createTotpSecret()).not.toBe(secret);
  });

  it('verify accepts one step of drift', () => {
    const secret = encodeBase32(rfcSeeds.sha1);
    const now = 1234567890_000;
    const codeAt = (offsetSteps: number) => computeTotp(rfcSeeds.sha1, now + offsetSteps * 30_000);
    const verify = (code: string) =>
      verifyTotp({ secret, code, timeMilliseconds: now, lastUsedStep: null });
    const step = Math.floor(1234567890 / 30);

    expect(verify(codeAt(0))).toBe(step);
    expect(verify(codeAt(-1))).toBe(step - 1);
    expect(verify(codeAt(1))).toBe(step + 1);
    expect(verify(codeAt(-2))).toBeUndefined();
    expect(verify(codeAt(2))).toBeUndefined();
  });

  it('verify rejects used steps and malformed codes', () => {
    const secret = encodeBase32(rfcSeeds.sha1);
    const now = 1234567890_000;
    const step = Math.floor(1234567890 / 30);
    const code = computeTotp(rfcSeeds.sha1, now);

    expect(verifyTotp({ secret, code, timeMilliseconds: now, lastUsedStep: step })).toBeUndefined();
    expect(verifyTotp({ secret, code, timeMilliseconds: now, lastUsedStep: step - 1 })).toBe(step);
    expect(
      verifyTotp({ secret, code: `${code}0`, timeMilliseconds: now, lastUsedStep: null }),
    ).toBeUndefined();
    expect(
      verifyTotp({ secret, code: 'abcdef', timeMilliseconds: now, lastUsedStep: null }),
    ).toBeUndefined();
    expect(
      verifyTotp({
        secret,
        code: `${code.slice(0, 3)} ${code.slice(3)}`,
        timeMilliseconds: now,
        lastUsedStep: null,
      }),
    ).toBe(step);
  });

  it('otpauth URL names issuer and user', () => {
    const url = new URL(buildOtpauthUrl({ secret: 'JBSWY3DPEHPK3PXP', username: 'anna@example' }));

    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Collecta:anna@example');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      issuer: 'Collecta',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });
});
