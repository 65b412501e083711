import { describe, expect, it } from 'vitest';
import { checkPasswordStrength } from './password-strength.ts';

describe('checkPasswordStrength', () => {
  it.each([
    ['correct horse battery'],
    ['Tr0ub4dor&3xy'],
    ['1234567890ab'],
    ['wachtwoord met spaties'],
  ])('accepts %s', (password) => {
    expect(() => checkPasswordStrength(password)).not.toThrow();
  });

  it.each([
    ['short', 'password_too_short'],
    ['elevenchars', 'password_too_short'],
    ['aaaaaaaaaaaa', 'password_too_simple'],
    ['cmcmcmcmcmcm', 'password_too_simple'],
    ['abcdABCDabcd', 'password_too_simple'],
    ['123456789012', 'password_too_simple'],
    ['abcdefghijkl', 'password_too_simple'],
    ['zyxwvutsrqpo', 'password_too_simple'],
    ['098765432109', 'password_too_simple'],
  ])('rejects %s', (password, key) => {
    expect(() => checkPasswordStrength(password)).toThrow(
      expect.objectContaining({ code: 'invalid_input', key }),
    );
  });
});
