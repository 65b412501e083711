import { describe, expect, it } from 'vitest';
import type { OpenInvoice } from '../invoices/open-invoices.ts';
import { buildExplanation, type ExplanationInput } from './build-explanation.ts';
import type { ProfileStep } from './dunning-types.ts';
import { PLAIN_STEP_OPTIONS } from './test-factories.ts';

const step: ProfileStep = {
  id: 's1',
  name: 'Final notice',
  dayOffset: 35,
  channel: 'letter',
  templateKey: 'final-notice',
  minimumAmountMinor: 0,
  minDaysSincePrevious: 0,
  conditions: {},
  ...PLAIN_STEP_OPTIONS,
};

const invoice: OpenInvoice = {
  id: 'i1',
  debtor_id: 'd1',
  number: 'INV-1',
  kind: 'invoice',
  invoice_date: '2024-03-01',
  due_date: '2024-04-01',
  currency: 'EUR',
  amount_minor: 12_500,
  open_minor: 12_500,
  hold_reason: null,
  hold_until: null,
};

function explain(overrides: Partial<ExplanationInput>) {
  return buildExplanation({
    profileName: 'Standard',
    step,
    asOf: '2024-05-10',
    currency: 'EUR',
    delivery: { channel: 'letter', recipient: null },
    invoices: [invoice],
    credits: [],
    creditAppliedMinor: 0,
    heldInvoices: [],
    totalMinor: 12_500,
    ...overrides,
  });
}

describe('buildExplanation', () => {
  it('pinned segment in words', () => {
    const explanation = explain({
      segment: { name: 'Key accounts', basis: 'pinned', reason: 'pinned by anna' },
    });

    expect(explanation.reason).toContain(
      'The debtor is pinned to segment "Key accounts" by hand (pinned by anna).',
    );
  });

  it('default segment in words', () => {
    const explanation = explain({
      segment: { name: 'Default', basis: 'default', reason: null },
    });

    expect(explanation.reason).toContain(
      'The debtor is in the default segment "Default" because no rule matched.',
    );
  });

  it('per-invoice step with charges', () => {
    const explanation = explain({
      step: { ...step, scope: 'invoice', addsCollectionCosts: true, addsInterest: true },
    });

    expect(explanation.scope).toBe('invoice');
    expect(explanation.reason).toContain('The step makes one message per invoice.');
    expect(explanation.reason).toContain('The step adds collection costs and interest.');
  });

  it('leaves out absent segment and escalation', () => {
    const explanation = explain({});

    expect(explanation).not.toHaveProperty('segment');
    expect(explanation).not.toHaveProperty('escalation');
  });
});
