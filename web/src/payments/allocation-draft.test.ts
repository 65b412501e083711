import { describe, expect, it } from 'vitest';
import { checkDraft, proposedAmount } from './allocation-draft.ts';
import type { InvoiceChoice } from './use-payments.ts';

function invoice(invoiceId: string, open: `${number}`): InvoiceChoice {
  return {
    invoiceId,
    number: invoiceId,
    dueDate: '2024-03-01',
    currency: 'EUR',
    open,
    debtor: { id: 'd', number: 'D-1', name: 'Debtor' },
  };
}

describe('checkDraft', () => {
  it('reads Dutch amounts with a decimal comma', () => {
    const draft = checkDraft(
      [{ invoice: invoice('a', '500.00'), text: '1.250,50' }],
      200_000,
      'nl',
      2,
    );
    expect(draft.lines[0]).toEqual({ invoiceId: 'a', amount: '1250.50', problem: 'overOpen' });
    expect(draft.ready).toBe(false);
  });

  it('tracks what is left of the remainder', () => {
    const draft = checkDraft(
      [
        { invoice: invoice('a', '500.00'), text: '400,00' },
        { invoice: invoice('b', '300.00'), text: '99,5' },
      ],
      60_000,
      'nl',
      2,
    );
    expect(draft.totalMinor).toBe(49_950);
    expect(draft.leftMinor).toBe(10_050);
    expect(draft.ready).toBe(true);
  });

  it('rejects more than the remainder', () => {
    const draft = checkDraft([{ invoice: invoice('a', '500.00'), text: '500' }], 40_000, 'en', 2);
    expect(draft.leftMinor).toBe(-10_000);
    expect(draft.ready).toBe(false);
  });

  it('marks an amount that is no amount', () => {
    const draft = checkDraft([{ invoice: invoice('a', '500.00'), text: '12,50' }], 40_000, 'en', 2);
    expect(draft.lines[0]?.problem).toBe('invalid');
    expect(draft.ready).toBe(false);
  });

  it('is not ready without lines', () => {
    expect(checkDraft([], 100, 'en', 2).ready).toBe(false);
  });
});

describe('proposedAmount', () => {
  it('proposes the open total, at most what is left', () => {
    expect(proposedAmount(invoice('a', '500.00'), 60_000, 2)).toBe('500.00');
    expect(proposedAmount(invoice('a', '500.00'), 12_345, 2)).toBe('123.45');
    expect(proposedAmount(invoice('a', '500.00'), -5, 2)).toBe('0.00');
  });
});
