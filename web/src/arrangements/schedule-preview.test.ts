import { describe, expect, it } from 'vitest';
import type { DebtorInvoice } from '../api/types.ts';
import { previewSchedule } from './schedule-preview.ts';

const invoice: DebtorInvoice = {
  id: 'invoice-1',
  number: 'F24001',
  kind: 'invoice',
  invoiceDate: '2026-11-01',
  dueDate: '2026-12-01',
  amount: '100.00',
  open: '100.00',
  currency: 'EUR',
  daysPastDue: 4,
  hold: null,
  issueHold: null,
  steps: [],
};

describe('previewSchedule', () => {
  it('gives an invalid count its message key', () => {
    const preview = previewSchedule({
      invoices: [invoice],
      instalmentCount: 61,
      frequency: 'monthly',
      firstDueDate: '2027-01-01',
    });

    expect(preview).toEqual({
      kind: 'invalid',
      message: {
        code: 'invalid_input',
        key: 'instalment_count_invalid',
        params: { count: 61, min: 2, max: 60 },
        message: 'instalmentCount 61 is invalid; give a whole number from 2 to 60.',
      },
    });
  });
});
