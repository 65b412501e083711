import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  buildEpcPayload,
  encodeEpcPayload,
  parseEpcAmount,
  renderEpcQrDataUrl,
  renderEpcQrPng,
  type EpcPaymentInput,
} from './epc-qr.ts';

/** EPC069-12 example 1: version 002, BIC, amount, purpose and RF reference. */
const example1: EpcPaymentInput = {
  version: '002',
  bic: 'BHBLDEHHXXX',
  name: 'Franz Mustermänn',
  iban: 'DE71110220330123456789',
  amountMinor: 1230,
  currency: 'EUR',
  purpose: 'GDDS',
  creditorReference: 'RF18539007547034',
};
const example1Payload = [
  'BCD',
  '002',
  '1',
  'SCT',
  'BHBLDEHHXXX',
  'Franz Mustermänn',
  'DE71110220330123456789',
  'EUR12.3',
  'GDDS',
  'RF18539007547034',
].join('\n');

/** EPC069-12 example 2: ISO 8859-1, no BIC, remittance text. */
const example2: EpcPaymentInput = {
  characterSet: 2,
  name: "François D'Alsace S.A.",
  iban: 'FR1420041010050500013M02606',
  amountMinor: 1230,
  text: 'Client:Marie Louise La Lune',
};
const example2Payload = [
  'BCD',
  '002',
  '2',
  'SCT',
  '',
  "François D'Alsace S.A.",
  'FR1420041010050500013M02606',
  'EUR12.3',
  '',
  '',
  'Client:Marie Louise La Lune',
].join('\n');

/** The sample on Wikipedia: version 001 with BIC, text and information. */
const example3: EpcPaymentInput = {
  version: '001',
  bic: 'BPOTBEB1',
  name: 'Red Cross of Belgium',
  iban: 'BE72000000001616',
  amountMinor: 100,
  purpose: 'CHAR',
  text: 'Urgency fund',
  information: 'Sample EPC QR code',
};
const example3Payload = [
  'BCD',
  '001',
  '1',
  'SCT',
  'BPOTBEB1',
  'Red Cross of Belgium',
  'BE72000000001616',
  'EUR1',
  'CHAR',
  '',
  'Urgency fund',
  'Sample EPC QR code',
].join('\n');

function decodePng(png: Buffer): { bytes: Buffer; version: number } {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) {
    throw new Error('jsQR found no QR code in the image');
  }
  return { bytes: Buffer.from(code.binaryData), version: code.version };
}

describe('buildEpcPayload', () => {
  it('builds example 1 in 96 bytes', () => {
    const payload = buildEpcPayload(example1);

    expect(payload).toBe(example1Payload);
    expect(encodeEpcPayload(payload)).toHaveLength(96);
  });

  it('builds example 2 in ISO 8859-1, 103 bytes', () => {
    const payload = buildEpcPayload(example2);

    expect(payload).toBe(example2Payload);
    expect(encodeEpcPayload(payload)).toHaveLength(103);
  });

  it('builds the version 001 example', () => {
    expect(buildEpcPayload(example3)).toBe(example3Payload);
  });

  it('defaults to version 002 and UTF-8', () => {
    const payload = buildEpcPayload({ name: 'Collecta', iban: 'NL91ABNA0417164300' });

    expect(payload).toBe('BCD\n002\n1\nSCT\n\nCollecta\nNL91ABNA0417164300');
  });

  it.each([
    [1, 'EUR0.01'],
    [10, 'EUR0.1'],
    [100, 'EUR1'],
    [1205, 'EUR12.05'],
    [99_999_999_999, 'EUR999999999.99'],
  ])('writes %i cents as %s', (amountMinor, written) => {
    const payload = buildEpcPayload({ ...example1, amountMinor });

    expect(payload.split('\n')[7]).toBe(written);
  });

  it('normalises IBAN, BIC and reference', () => {
    const payload = buildEpcPayload({
      ...example1,
      bic: 'bhbl de hh xxx',
      iban: 'de71 1102 2033 0123 4567 89',
      creditorReference: 'rf18 5390 0754 7034',
    });

    expect(payload).toBe(example1Payload);
  });

  it.each([
    ['0 cents', { amountMinor: 0 }, /outside the range/],
    ['a negative amount', { amountMinor: -100 }, /outside the range/],
    ['1000000000.00', { amountMinor: 100_000_000_000 }, /outside the range/],
    ['a fraction of a cent', { amountMinor: 12.5 }, /whole number of cents/],
    ['USD', { currency: 'USD' }, /euro amounts only/],
    ['BIC BHBLDE', { bic: 'BHBLDE' }, /BIC "BHBLDE" is invalid/],
    ['BIC BHBLDEHHXXXX', { bic: 'BHBLDEHHXXXX' }, /BIC "BHBLDEHHXXXX" is invalid/],
    ['BIC BHBLDEHHXX', { bic: 'BHBLDEHHXX' }, /BIC "BHBLDEHHXX" is invalid/],
    ['reference and text', { text: 'Invoice 1' }, /not both/],
    ['a wrong reference', { creditorReference: 'RF17539007547034' }, /neither a valid ISO 11649/],
    ['a wrong Dutch reference', { creditorReference: '1906350066203673' }, /nor a valid Dutch/],
    ['a free-text reference', { creditorReference: 'Invoice 12' }, /neither a valid ISO 11649/],
    ['a 3-character purpose', { purpose: 'abc' }, /purpose "abc" is invalid/],
    ['a wrong IBAN', { iban: 'DE71110220330123456780' }, /IBAN .* is invalid/],
    ['an empty name', { name: '  ' }, /name is missing/],
    ['a 71-character name', { name: 'x'.repeat(71) }, /name is 71 characters/],
    ['a line break in the name', { name: 'Franz\nMuster' }, /line break/],
    ['71 characters of information', { information: 'i'.repeat(71) }, /information is 71/],
  ])('rejects %s', (_case, override, message) => {
    expect(() => buildEpcPayload({ ...example1, ...override })).toThrow(message);
  });

  it('carries a Dutch reference as structured', () => {
    const payload = buildEpcPayload({ ...example1, creditorReference: '5000 0567 8901 2345' });

    expect(payload.split('\n')).toEqual([
      ...example1Payload.split('\n').slice(0, 9),
      '5000056789012345',
    ]);
  });

  it('ends at the last filled field', () => {
    const payload = buildEpcPayload({ name: 'Acme', iban: 'NL91ABNA0417164300' });

    expect(payload).toBe(['BCD', '002', '1', 'SCT', '', 'Acme', 'NL91ABNA0417164300'].join('\n'));
  });

  it('keeps empty fields before a filled one', () => {
    const payload = buildEpcPayload({
      name: 'Acme',
      iban: 'NL91ABNA0417164300',
      information: 'Thank you',
    });

    expect(payload.split('\n')).toHaveLength(12);
    expect(payload.split('\n').slice(7, 11)).toEqual(['', '', '', '']);
    expect(payload.endsWith('\n')).toBe(false);
  });

  it('rejects 141 characters of text', () => {
    expect(() => buildEpcPayload({ ...example3, text: 't'.repeat(141) })).toThrow(
      /text is 141 characters/,
    );
  });

  it('requires the BIC in version 001', () => {
    expect(() => buildEpcPayload({ ...example3, bic: undefined })).toThrow(/version 001 requires/);
  });

  it('rejects unsupported versions and character sets', () => {
    const badVersion = { ...example1, version: '003' } as unknown as EpcPaymentInput;
    const badSet = { ...example1, characterSet: 3 } as unknown as EpcPaymentInput;

    expect(() => buildEpcPayload(badVersion)).toThrow(/version "003" is not supported/);
    expect(() => buildEpcPayload(badSet)).toThrow(/character set 3 is not supported/);
  });

  it('rejects characters outside ISO 8859-1 in set 2', () => {
    expect(() => buildEpcPayload({ ...example2, name: 'Zoë € Zoë' })).toThrow(/"€" is not in/);
  });

  it('rejects more than 331 bytes', () => {
    const long = { ...example3, name: 'é'.repeat(70), text: 'é'.repeat(140) };

    expect(() => buildEpcPayload(long)).toThrow(/bytes; the maximum is 331/);
  });

  it('throws invalid_input errors', () => {
    expect(() => buildEpcPayload({ ...example1, amountMinor: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

describe('parseEpcAmount', () => {
  it.each([
    ['12.3', 1230],
    ['0.01', 1],
    ['1', 100],
    ['999999999.99', 99_999_999_999],
  ])('reads %s as %i cents', (decimal, minor) => {
    expect(parseEpcAmount(decimal)).toBe(minor);
  });

  it.each([
    ['0', /outside the range/],
    ['0.004', /has 3 decimals/],
    ['999999999.999', /has 3 decimals/],
    ['1000000000', /outside the range/],
    ['12,30', /not a number/],
    ['', /is empty/],
  ])('rejects %s', (decimal, message) => {
    expect(() => parseEpcAmount(decimal)).toThrow(message);
  });
});

describe('renderEpcQrPng', () => {
  it.each([
    ['example 1', example1, 'utf8'],
    ['example 2', example2, 'latin1'],
    ['example 3', example3, 'utf8'],
  ] as const)('decodes %s back to the payload', async (_name, input, encoding) => {
    const payload = buildEpcPayload(input);

    const decoded = decodePng(await renderEpcQrPng(payload));

    expect(decoded.bytes.toString(encoding)).toBe(payload);
  });

  it('decodes every field of a Dutch payment', async () => {
    const input: EpcPaymentInput = {
      name: 'Acme Holland B.V.',
      iban: 'NL91ABNA0417164300',
      bic: 'ABNANL2A',
      amountMinor: 123_456,
      purpose: 'GDDS',
      creditorReference: '1067931951601240',
      information: 'Debtor D-1',
    };

    const decoded = decodePng(await renderEpcQrPng(buildEpcPayload(input)));
    const fields = decoded.bytes.toString('utf8').split('\n');

    expect(fields[0]).toBe('BCD');
    expect(fields[1]).toBe('002');
    expect(fields[2]).toBe('1');
    expect(fields[3]).toBe('SCT');
    expect(fields[4]).toBe('ABNANL2A');
    expect(fields[5]).toBe('Acme Holland B.V.');
    expect(fields[6]).toBe('NL91ABNA0417164300');
    expect(fields[7]).toBe('EUR1234.56');
    expect(fields[8]).toBe('GDDS');
    expect(fields[9]).toBe('1067931951601240');
    expect(fields[10]).toBe('');
    expect(fields[11]).toBe('Debtor D-1');
    expect(fields).toHaveLength(12);
  });

  it('fits 331 bytes into version 13 or lower', async () => {
    const payload = buildEpcPayload({ ...example3, text: 'x'.repeat(140), name: 'y'.repeat(70) });
    const padded = `${payload}${'z'.repeat(331 - encodeEpcPayload(payload).length)}`;

    const symbol = QRCode.create([{ mode: 'byte', data: encodeEpcPayload(padded) }], {
      errorCorrectionLevel: 'M',
    });

    expect(encodeEpcPayload(padded)).toHaveLength(331);
    expect(symbol.version).toBeLessThanOrEqual(13);
  });
});

describe('renderEpcQrDataUrl', () => {
  it('returns a PNG data URL that decodes to the payload', async () => {
    const payload = buildEpcPayload(example1);

    const url = await renderEpcQrDataUrl(payload);

    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
    expect(decodePng(png).bytes.toString('utf8')).toBe(payload);
  });
});
