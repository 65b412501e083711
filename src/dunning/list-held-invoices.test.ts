import { describe, expect, it } from 'vitest';
import type { PlannedAction, SkippedStep } from './dunning-types.ts';
import { listHeldInvoices } from './list-held-invoices.ts';

const debtors = new Map([
  ['d1', { number: 'D-1', name: 'Alfa BV' }],
  ['d2', { number: 'D-2', name: 'Beta BV' }],
]);

function skippedOnHold(debtorId: string, debtorNumber: string, numbers: string[]): SkippedStep {
  return {
    debtorId,
    debtorNumber,
    currency: 'EUR',
    step: 'First reminder',
    reason: 'on_hold',
    invoices: numbers,
    onHold: numbers.map((number) => ({ number, holdReason: 'DSP' })),
  };
}

/** Builds a planned message of debtor d2 that leaves invoice B9 out because of an open issue. */
function actionWithHeldInvoice(): PlannedAction {
  return {
    debtorId: 'd2',
    explanation: {
      onHold: [{ id: 'i9', number: 'B9', open: '10.00', holdReason: 'Issue 4 (Price) is open' }],
    },
  } as unknown as PlannedAction;
}

describe('listHeldInvoices', () => {
  it('lists skipped and message holds', () => {
    const list = listHeldInvoices(
      { skipped: [skippedOnHold('d1', 'D-1', ['A2', 'A1'])], actions: [actionWithHeldInvoice()] },
      debtors,
    );

    expect(list.onHoldTotal).toBe(3);
    expect(list.onHold).toEqual([
      { debtorNumber: 'D-1', debtorName: 'Alfa BV', invoiceNumber: 'A1', holdReason: 'DSP' },
      { debtorNumber: 'D-1', debtorName: 'Alfa BV', invoiceNumber: 'A2', holdReason: 'DSP' },
      {
        debtorNumber: 'D-2',
        debtorName: 'Beta BV',
        invoiceNumber: 'B9',
        holdReason: 'Issue 4 (Price) is open',
      },
    ]);
  });

  it('lists an invoice of two steps once', () => {
    const step = skippedOnHold('d1', 'D-1', ['A1']);
    const list = listHeldInvoices(
      { skipped: [step, { ...step, step: 'Second reminder' }], actions: [] },
      debtors,
    );

    expect(list.onHoldTotal).toBe(1);
    expect(list.onHold).toHaveLength(1);
  });

  it('cuts the list at the limit', () => {
    const list = listHeldInvoices(
      { skipped: [skippedOnHold('d1', 'D-1', ['A1', 'A2', 'A3'])], actions: [] },
      debtors,
      2,
    );

    expect(list.onHoldTotal).toBe(3);
    expect(list.onHold.map((entry) => entry.invoiceNumber)).toEqual(['A1', 'A2']);
  });

  it('ignores other skip reasons', () => {
    const belowMinimum: SkippedStep = {
      ...skippedOnHold('d1', 'D-1', ['A1']),
      reason: 'below_minimum',
      onHold: undefined,
    };
    const list = listHeldInvoices({ skipped: [belowMinimum], actions: [] }, debtors);

    expect(list.onHoldTotal).toBe(0);
  });
});
