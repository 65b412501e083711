import { describe, expect, it } from 'vitest';
import { isGsm7, measureSms } from './sms-encoding.ts';

describe('isGsm7', () => {
  it('accepts the accents of the default alphabet', () => {
    for (const text of [
      'é',
      'è',
      'à',
      'ù',
      'ì',
      'ò',
      'Ç',
      'É',
      'Ä',
      'ö',
      'ñ',
      'ü',
      'ß',
      'Å',
      'Ø',
    ]) {
      expect(isGsm7(text), text).toBe(true);
    }
  });

  it('rejects accents outside the alphabet', () => {
    for (const text of ['ê', 'ë', 'ï', 'ó', 'á', 'ç', 'Ê', 'ã', 'ł']) {
      expect(isGsm7(text), text).toBe(false);
    }
  });

  it('accepts the extension table', () => {
    for (const text of ['€', '[', ']', '{', '}', '~', '^', '|', '\\', '\f']) {
      expect(isGsm7(text), text).toBe(true);
    }
  });

  it('rejects emoji and the escape character itself', () => {
    expect(isGsm7('👍')).toBe(false);
    expect(isGsm7('\u001b')).toBe(false);
    expect(isGsm7('`')).toBe(false);
  });
});

describe('measureSms', () => {
  it('counts plain text as GSM-7 septets', () => {
    const measurement = measureSms('Pay invoice 2024-001 now.');
    expect(measurement.encoding).toBe('GSM-7');
    expect(measurement.characters).toBe(25);
    expect(measurement.units).toBe(25);
    expect(measurement.segments).toBe(1);
  });

  it('counts é as one septet and keeps GSM-7', () => {
    const measurement = measureSms('café');
    expect(measurement.encoding).toBe('GSM-7');
    expect(measurement.units).toBe(4);
  });

  it('switches to UCS-2 for ê', () => {
    const measurement = measureSms('crêpe');
    expect(measurement.encoding).toBe('UCS-2');
    expect(measurement.units).toBe(5);
    expect(measurement.unitsPerSegment).toBe(70);
  });

  it('counts extension characters as two septets', () => {
    for (const character of ['€', '[', ']', '{', '}', '~', '^', '|', '\\']) {
      const measurement = measureSms(`a${character}b`);
      expect(measurement.encoding, character).toBe('GSM-7');
      expect(measurement.characters, character).toBe(3);
      expect(measurement.units, character).toBe(4);
    }
  });

  it('fits 160 septets in one segment', () => {
    expect(measureSms('a'.repeat(160)).segments).toBe(1);
    const long = measureSms('a'.repeat(161));
    expect(long.segments).toBe(2);
    expect(long.unitsPerSegment).toBe(153);
  });

  it('splits GSM-7 into parts of 153 septets', () => {
    expect(measureSms('a'.repeat(306)).segments).toBe(2);
    expect(measureSms('a'.repeat(307)).segments).toBe(3);
  });

  it('counts euro signs as two septets against the limit', () => {
    expect(measureSms('€'.repeat(80)).units).toBe(160);
    expect(measureSms('€'.repeat(80)).segments).toBe(1);
    expect(measureSms(`${'€'.repeat(80)}a`).segments).toBe(2);
  });

  it('never splits an escape pair across parts', () => {
    // 152 septets, then a euro sign: the part would end after its escape septet.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    const measurement = measureSms(text);
    expect(measurement.units).toBe(306);
    expect(measurement.segments).toBe(3);
  });

  it('fits 70 UCS-2 units in one segment', () => {
    expect(measureSms('ê'.repeat(70)).segments).toBe(1);
    expect(measureSms('ê'.repeat(71)).segments).toBe(2);
    expect(measureSms('ê'.repeat(134)).segments).toBe(2);
    expect(measureSms('ê'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as one character and two units', () => {
    const measurement = measureSms('Thanks 👍');
    expect(measurement.encoding).toBe('UCS-2');
    expect(measurement.characters).toBe(8);
    expect(measurement.units).toBe(9);
  });

  it('fits 35 emoji in one segment and splits 36', () => {
    expect(measureSms('😀'.repeat(35)).segments).toBe(1);
    expect(measureSms('😀'.repeat(36)).segments).toBe(2);
  });

  it('never splits a surrogate pair across parts', () => {
    // 66 units, then an emoji of two units: the first part contains 66 and the emoji starts the next.
    const text = `${'ê'.repeat(66)}😀${'ê'.repeat(66)}`;
    const measurement = measureSms(text);
    expect(measurement.units).toBe(134);
    expect(measurement.segments).toBe(3);
  });

  it('counts an empty text as one segment', () => {
    const measurement = measureSms('');
    expect(measurement.units).toBe(0);
    expect(measurement.segments).toBe(1);
  });
});
