import { describe, expect, it } from 'vitest';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import type { ProfileStep } from './dunning-types.ts';
import type { DebtorForRun } from './load-dunning-input.ts';
import { planDebtorSteps, type DebtorStepsInput } from './plan-debtor-steps.ts';
import { PLAIN_STEP_OPTIONS } from './test-factories.ts';

const AS_OF = '2024-06-01';

function step(name: string, dayOffset: number, minimumAmountMinor = 0): ProfileStep {
  return {
    id: name,
    name,
    dayOffset,
    channel: 'email',
    templateKey: name,
    minimumAmountMinor,
    minDaysSincePrevious: 0,
    conditions: {},
    ...PLAIN_STEP_OPTIONS,
  };
}

const debtor: DebtorForRun = {
  id: 'd1',
  number: 'D-1',
  name: 'Debtor One',
  kind: 'b2b',
  language: 'en',
  email: 'd1@example.test',
  phone: null,
  addressLine: null,
  postalCode: null,
  city: null,
  country: null,
  contacts: [],
  profile: { id: 'p1', name: 'Test', steps: [step('reminder-1', 7), step('reminder-2', 21)] },
};

function item(number: string, dueDate: string, openMinor: number, hold?: string): OpenInvoice {
  return {
    id: number,
    debtor_id: 'd1',
    number,
    kind: openMinor < 0 ? 'credit_note' : 'invoice',
    invoice_date: '2024-01-01',
    due_date: dueDate,
    currency: 'EUR',
    amount_minor: openMinor,
    open_minor: openMinor,
    hold_reason: hold ?? null,
    hold_until: null,
  };
}

function plan(items: OpenInvoice[], overrides: Partial<DebtorStepsInput> = {}) {
  const result = planDebtorSteps({
    debtor,
    currency: 'EUR',
    items,
    asOf: AS_OF,
    reached: new Map(),
    removedOnRunDate: new Set(),
    ...overrides,
  });

  return {
    actions: result.actions.map((action) => [action.step.name, action.totalMinor]),
    listed: result.actions.map((action) => action.explanation.invoices.map((i) => i.number)),
    skipped: result.skipped.map((entry) => [entry.step, entry.reason, entry.invoices]),
  };
}

describe('planDebtorSteps', () => {
  it('one message per step listing its invoices', () => {
    const result = plan([
      item('A', '2024-05-01', 10_000),
      item('B', '2024-05-05', 20_000),
      item('C', '2024-05-20', 5_000),
    ]);

    expect(result.actions).toEqual([
      ['reminder-2', 30_000],
      ['reminder-1', 5_000],
    ]);
    expect(result.listed).toEqual([['A', 'B'], ['C']]);
  });

  it('credit goes to the furthest step first', () => {
    const result = plan([
      item('A', '2024-05-01', 10_000),
      item('C', '2024-05-20', 50_000),
      item('NEG', '2024-01-01', -30_000),
    ]);

    expect(result.skipped).toEqual([['reminder-2', 'net_credit', ['A']]]);
    expect(result.actions).toEqual([['reminder-1', 30_000]]);
    expect(result.listed).toEqual([['C', 'NEG']]);
  });

  it('credit skips a step below its minimum', () => {
    const withMinimum = {
      ...debtor,
      profile: {
        id: 'p1',
        name: 'Test',
        steps: [step('reminder-1', 7), step('reminder-2', 21, 100_000)],
      },
    };
    const result = plan(
      [
        item('A', '2024-05-01', 50_000),
        item('C', '2024-05-20', 20_000),
        item('NEG', '2024-01-01', -10_000),
      ],
      { debtor: withMinimum },
    );

    expect(result.skipped).toEqual([['reminder-2', 'below_minimum', ['A']]]);
    expect(result.actions).toEqual([['reminder-1', 10_000]]);
  });

  it('net credit counts invoices not yet due', () => {
    const result = plan([
      item('A', '2024-05-01', 10_000),
      item('LATER', '2024-07-01', 50_000),
      item('NEG', '2024-01-01', -30_000),
    ]);

    expect(result.actions).toEqual([]);
    expect(result.skipped).toEqual([['reminder-2', 'net_credit', ['A']]]);
  });

  it('held invoices are listed apart', () => {
    const result = planDebtorSteps({
      debtor,
      currency: 'EUR',
      items: [item('A', '2024-05-01', 10_000), item('H', '2024-05-01', 7_000, 'DSP')],
      asOf: AS_OF,
      reached: new Map(),
      removedOnRunDate: new Set(),
    });

    expect(result.actions).toHaveLength(1);
    expect(result.actions[0]?.invoiceIds).toEqual(['A']);
    expect(result.actions[0]?.explanation.onHold.map((held) => held.number)).toEqual(['H']);
  });

  it('a step removed on the run date is not proposed again', () => {
    const result = plan([item('A', '2024-05-01', 10_000)], {
      removedOnRunDate: new Set(['d1:reminder-2']),
    });

    expect(result.actions).toEqual([]);
    expect(result.skipped).toEqual([]);
  });

  it('no profile, no steps', () => {
    const result = planDebtorSteps({
      debtor: { ...debtor, profile: undefined },
      currency: 'EUR',
      items: [item('A', '2024-05-01', 10_000)],
      asOf: AS_OF,
      reached: new Map(),
      removedOnRunDate: new Set(),
    });

    expect(result).toEqual({ actions: [], skipped: [] });
  });
});
