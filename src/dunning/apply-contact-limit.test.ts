import { describe, expect, it } from 'vitest';
import { applyContactLimit } from './apply-contact-limit.ts';
import type { PlannedAction } from './dunning-types.ts';
import type { DebtorForRun } from './load-dunning-input.ts';
import { PLAIN_STEP_OPTIONS } from './test-factories.ts';

function action(debtorId: string, dayOffset: number, currency = 'EUR'): PlannedAction {
  return {
    debtorId,
    step: {
      id: `step-${dayOffset}`,
      name: `Day ${dayOffset}`,
      dayOffset,
      channel: 'email',
      templateKey: 'reminder-1',
      minimumAmountMinor: 0,
      minDaysSincePrevious: 0,
      conditions: {},
      ...PLAIN_STEP_OPTIONS,
    },
    channel: 'email',
    language: 'en',
    currency,
    totalMinor: 100,
    recipient: null,
    invoiceIds: [`${debtorId}-${currency}`],
    explanation: {
      profile: 'Standard',
      step: `Day ${dayOffset}`,
      dayOffset,
      asOf: '2024-03-01',
      currency,
      channel: 'email',
      stepChannel: 'email',
      invoices: [
        {
          id: `${debtorId}-${currency}`,
          number: `INV-${debtorId}-${currency}`,
          kind: 'invoice',
          dueDate: '2024-02-01',
          daysPastDue: 29,
          amount: '1.00',
          open: '1.00',
        },
      ],
      total: '1.00',
      onHold: [],
      reason: 'test',
    },
  };
}

const debtors = new Map([
  ['a', { number: 'A' } as DebtorForRun],
  ['b', { number: 'B' } as DebtorForRun],
]);

describe('applyContactLimit', () => {
  it('keeps every action without a limit', () => {
    const actions = [action('a', 7), action('a', 14, 'USD')];

    const result = applyContactLimit({
      actions,
      maxPerWeek: null,
      contactCounts: new Map([['a', 10]]),
      debtors,
    });

    expect(result.actions).toEqual(actions);
    expect(result.skipped).toEqual([]);
  });

  it('skips a debtor at the limit', () => {
    const result = applyContactLimit({
      actions: [action('a', 7), action('b', 7)],
      maxPerWeek: 2,
      contactCounts: new Map([['a', 2]]),
      debtors,
    });

    expect(result.actions.map((entry) => entry.debtorId)).toEqual(['b']);
    expect(result.skipped).toEqual([
      {
        debtorId: 'a',
        debtorNumber: 'A',
        currency: 'EUR',
        step: 'Day 7',
        reason: 'contact_limit',
        invoices: ['INV-a-EUR'],
      },
    ]);
  });

  it('fills the room left with the furthest step', () => {
    const result = applyContactLimit({
      actions: [action('a', 7, 'EUR'), action('a', 21, 'USD')],
      maxPerWeek: 2,
      contactCounts: new Map([['a', 1]]),
      debtors,
    });

    expect(result.actions.map((entry) => entry.currency)).toEqual(['USD']);
    expect(result.skipped.map((entry) => entry.currency)).toEqual(['EUR']);
  });
});
