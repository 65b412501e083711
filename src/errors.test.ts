import { describe, expect, it } from 'vitest';
import { AppError, messageCatalogue, notice, recognizeMessage, type MessageKey } from './errors.ts';

const keys = Object.keys(messageCatalogue) as MessageKey[];

/** Returns every parameter of the key's English text, each with a value that names it. */
function sampleParams(key: MessageKey): Record<string, string> {
  const names = [...messageCatalogue[key].matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
  return Object.fromEntries(names.map((name) => [name, `value-of-${name}`]));
}

describe('message catalogue', () => {
  it.each(keys)('recognizes %s from its text', (key) => {
    const built = notice(key, sampleParams(key));

    expect(recognizeMessage(built.message)).toEqual(built);
  });

  it('keeps an unknown text without a key', () => {
    expect(recognizeMessage('A warning that no key has.')).toEqual({
      message: 'A warning that no key has.',
    });
  });

  it('rejects a missing parameter', () => {
    expect(() => notice('counterparty_iban_invalid')).toThrow(
      'Message counterparty_iban_invalid needs the parameter iban.',
    );
  });

  it('gives an error its key and parameters', () => {
    const error = new AppError(
      'invalid_input',
      notice('instalment_amounts_count', { given: 3, count: 4 }),
    );

    expect(error.message).toBe(
      'amounts has 3 entries but instalmentCount is 4; give one amount per instalment.',
    );
    expect(error.key).toBe('instalment_amounts_count');
    expect(error.params).toEqual({ given: 3, count: 4 });
  });
});
