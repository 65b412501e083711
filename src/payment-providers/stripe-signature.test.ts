import { describe, expect, it } from 'vitest';
import {
  buildStripeSignatureHeader,
  computeStripeSignature,
  verifyStripeSignature,
} from './stripe-signature.ts';

const SECRET = 'whsec_test_secret';
const TIMESTAMP = 1_700_000_000;
const BODY = '{"id":"evt_test","object":"event"}';
// HMAC-SHA256 of `${TIMESTAMP}.${BODY}` keyed with SECRET, computed with Python's hmac module.
const EXPECTED = '8042376f6ca064adbe037642a718227dfd59047137eb49497a54c49eb0cfb724';
const AT_TIMESTAMP = new Date(TIMESTAMP * 1000);

function verify(
  header: string | undefined,
  overrides: { body?: string | Uint8Array; secret?: string; now?: Date } = {},
) {
  return verifyStripeSignature({
    rawBody: overrides.body ?? BODY,
    signatureHeader: header,
    endpointSecret: overrides.secret ?? SECRET,
    now: overrides.now ?? AT_TIMESTAMP,
  });
}

describe('computeStripeSignature', () => {
  it('matches an independent HMAC', () => {
    expect(computeStripeSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it('signs bytes like text', () => {
    expect(computeStripeSignature(SECRET, TIMESTAMP, Buffer.from(BODY))).toBe(EXPECTED);
  });
});

describe('verifyStripeSignature', () => {
  it('accepts a valid header', () => {
    expect(verify(`t=${TIMESTAMP},v1=${EXPECTED}`)).toEqual({ valid: true, timestamp: TIMESTAMP });
  });

  it('accepts a raw Buffer body', () => {
    expect(verify(`t=${TIMESTAMP},v1=${EXPECTED}`, { body: Buffer.from(BODY) }).valid).toBe(true);
  });

  it('rejects a tampered body', () => {
    const tampered = BODY.replace('evt_test', 'evt_tost');

    expect(verify(`t=${TIMESTAMP},v1=${EXPECTED}`, { body: tampered })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
  });

  it('rejects a re-serialised body', () => {
    const reformatted = JSON.stringify(JSON.parse(BODY), null, 2);

    expect(verify(`t=${TIMESTAMP},v1=${EXPECTED}`, { body: reformatted }).valid).toBe(false);
  });

  it('rejects a wrong secret', () => {
    const header = buildStripeSignatureHeader('whsec_other', TIMESTAMP, BODY);

    expect(verify(header)).toEqual({ valid: false, reason: 'no_matching_signature' });
  });

  it('rejects a changed timestamp', () => {
    expect(verify(`t=${TIMESTAMP + 1},v1=${EXPECTED}`, { now: AT_TIMESTAMP }).valid).toBe(false);
  });

  it('accepts any of several v1 signatures', () => {
    const oldSecret = computeStripeSignature('whsec_old', TIMESTAMP, BODY);

    expect(verify(`t=${TIMESTAMP},v1=${oldSecret},v1=${EXPECTED}`).valid).toBe(true);
    expect(verify(`t=${TIMESTAMP},v1=${EXPECTED},v1=${oldSecret}`).valid).toBe(true);
    expect(verify(`t=${TIMESTAMP},v1=${oldSecret},v1=abc`).valid).toBe(false);
  });

  it('ignores v0 signatures', () => {
    expect(verify(`t=${TIMESTAMP},v0=${EXPECTED}`)).toEqual({
      valid: false,
      reason: 'malformed_header',
    });
    expect(verify(`t=${TIMESTAMP},v0=${EXPECTED},v1=${EXPECTED}`).valid).toBe(true);
  });

  it('applies the 300 second tolerance both ways', () => {
    const header = `t=${TIMESTAMP},v1=${EXPECTED}`;
    const at = (seconds: number) => new Date((TIMESTAMP + seconds) * 1000);

    expect(verify(header, { now: at(300) }).valid).toBe(true);
    expect(verify(header, { now: at(301) })).toEqual({ valid: false, reason: 'outside_tolerance' });
    expect(verify(header, { now: at(-300) }).valid).toBe(true);
    expect(verify(header, { now: at(-301) })).toEqual({
      valid: false,
      reason: 'outside_tolerance',
    });
  });

  it('takes a custom tolerance', () => {
    const result = verifyStripeSignature({
      rawBody: BODY,
      signatureHeader: `t=${TIMESTAMP},v1=${EXPECTED}`,
      endpointSecret: SECRET,
      now: new Date((TIMESTAMP + 60) * 1000),
      toleranceSeconds: 30,
    });

    expect(result).toEqual({ valid: false, reason: 'outside_tolerance' });
  });

  it.each([
    ['no timestamp', `v1=${EXPECTED}`],
    ['a text timestamp', `t=yesterday,v1=${EXPECTED}`],
    ['no signature', `t=${TIMESTAMP}`],
    ['an empty signature', `t=${TIMESTAMP},v1=`],
    ['garbage', 'not a header'],
  ])('rejects a header with %s', (_case, header) => {
    expect(verify(header)).toEqual({ valid: false, reason: 'malformed_header' });
  });

  it('rejects a missing header', () => {
    expect(verify(undefined)).toEqual({ valid: false, reason: 'missing_header' });
    expect(verify('')).toEqual({ valid: false, reason: 'missing_header' });
  });
});
