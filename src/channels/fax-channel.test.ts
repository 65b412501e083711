import { describe, expect, it } from 'vitest';
import { faxChannelSettings, faxGatewayAddress, faxNumberDigits } from './fax-channel.ts';

describe('faxNumberDigits', () => {
  it.each([
    ['+31 20 123 4567', '31201234567'],
    ['+31 (0)20 123 4567', '31201234567'],
    ['0031-20-123.4567', '31201234567'],
    ['+44 (20) 7946 0958', '442079460958'],
    ['020 1234567', '0201234567'],
  ])('turns %s into %s', (number, digits) => {
    expect(faxNumberDigits(number)).toBe(digits);
  });

  it.each(['', 'ask reception', '+31 20', '+1234567890123456', '+31 20 123 4567 ext 2'])(
    'rejects %j',
    (number) => {
      expect(() => faxNumberDigits(number)).toThrow(`The fax number "${number}" is invalid`);
    },
  );
});

describe('faxChannelSettings', () => {
  it('accepts an address template', () => {
    const parsed = faxChannelSettings.parse({ addressTemplate: ' fax+{number}@fax.example.net ' });

    expect(faxGatewayAddress(parsed, '+31 20 123 4567')).toBe('fax+31201234567@fax.example.net');
  });

  it.each([
    ['fax.example.net', 'put {number} exactly once'],
    ['{number}{number}@fax.example.net', 'put {number} exactly once'],
    ['{number}@', 'use an e-mail address with {number} in it'],
    ['{number} @fax.example.net', 'use an e-mail address with {number} in it'],
    ['<{number}@fax.example.net>', 'use an e-mail address with {number} in it'],
  ])('rejects %j', (addressTemplate, message) => {
    const parsed = faxChannelSettings.safeParse({ addressTemplate });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
  });
});
