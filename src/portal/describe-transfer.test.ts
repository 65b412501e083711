import { describe, expect, it } from 'vitest';
import { describeTransfer } from './start-portal-payment.ts';

describe('describeTransfer', () => {
  it('names the debtor and every invoice that fits', () => {
    expect(describeTransfer('D-1004', ['F24006', 'F24007'])).toBe('D-1004 F24006 F24007');
  });

  it('cuts at whole invoice numbers and counts the rest', () => {
    const numbers = Array.from(
      { length: 15 },
      (_, index) => `F2026-${String(index).padStart(5, '0')}`,
    );
    const text = describeTransfer('10038', numbers);

    expect(text.length).toBeLessThanOrEqual(140);
    expect(text).toMatch(/^10038( F2026-\d{5})+ \+\d+$/);
    const named = text.split(' ').filter((word) => word.startsWith('F2026-'));
    expect(text.endsWith(` +${15 - named.length}`)).toBe(true);
    expect(named).toEqual(numbers.slice(0, named.length));
  });
});
