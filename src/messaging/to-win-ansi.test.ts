import { describe, expect, it } from 'vitest';
import { toWinAnsi } from './to-win-ansi.ts';

describe('toWinAnsi', () => {
  it('keeps Latin-1 and the euro sign', () => {
    expect(toWinAnsi('Müller & Söhne <"Test"> 1.234,56 € – ß')).toBe(
      'Müller & Söhne <"Test"> 1.234,56 € – ß',
    );
  });

  it('turns narrow spaces into no-break spaces', () => {
    expect(toWinAnsi('1\u202f234,56\u00a0€')).toBe('1\u00a0234,56\u00a0€');
  });

  it('drops accents outside WinAnsi', () => {
    expect(toWinAnsi('Łódź Dvořák Győr')).toBe('Lódz Dvorák Gyor');
  });

  it('replaces emoji', () => {
    expect(toWinAnsi('Acme 🚀')).toBe('Acme ?');
  });
});
