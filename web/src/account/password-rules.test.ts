import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH as serverMinimum } from '../../../src/auth/change-password.ts';
import { MIN_PASSWORD_LENGTH } from './password-rules.ts';

describe('password rules', () => {
  it('web minimum equals server minimum', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(serverMinimum);
  });
});
