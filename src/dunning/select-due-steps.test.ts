import { describe, expect, it } from 'vitest';
import type { ProfileStep } from './dunning-types.ts';
import { filterStepsForDebtor, selectDueStep, selectDueSteps } from './select-due-steps.ts';
import { PLAIN_STEP_OPTIONS } from './test-factories.ts';

function step(name: string, dayOffset: number, overrides: Partial<ProfileStep> = {}): ProfileStep {
  return {
    id: name,
    name,
    dayOffset,
    channel: 'email',
    templateKey: name,
    minimumAmountMinor: 0,
    minDaysSincePrevious: 0,
    conditions: {},
    ...PLAIN_STEP_OPTIONS,
    ...overrides,
  };
}

const standard = [
  step('courtesy', -3),
  step('reminder-1', 7),
  step('reminder-2', 21),
  step('final-notice', 35, { channel: 'letter' }),
  step('call', 42, { channel: 'call' }),
];

function due(daysPastDue: number, reached: Array<[string, number, string]> = []) {
  return selectDueStep(
    {
      invoiceId: 'i1',
      daysPastDue,
      reached: reached.map(([stepId, dayOffset, reachedOn]) => ({ stepId, dayOffset, reachedOn })),
    },
    standard,
    '2024-06-01',
  )?.name;
}

describe('selectDueStep', () => {
  it('nothing before the first offset', () => {
    expect(due(-4)).toBeUndefined();
  });

  it('fires each step on its offset', () => {
    expect(due(-3)).toBe('courtesy');
    expect(due(7, [['courtesy', -3, '2024-05-22']])).toBe('reminder-1');
    expect(due(21, [['reminder-1', 7, '2024-05-18']])).toBe('reminder-2');
    expect(due(35, [['reminder-2', 21, '2024-05-18']])).toBe('final-notice');
    expect(due(42, [['final-notice', 35, '2024-05-25']])).toBe('call');
  });

  it('nothing between offsets once reached', () => {
    expect(due(8, [['reminder-1', 7, '2024-05-31']])).toBeUndefined();
  });

  it('only the furthest step after missed days', () => {
    expect(due(25)).toBe('reminder-2');
    expect(due(100)).toBe('call');
  });

  it('never a step below the furthest reached', () => {
    expect(due(25, [['reminder-2', 21, '2024-05-28']])).toBeUndefined();
    expect(due(8, [['reminder-2', 21, '2024-05-28']])).toBeUndefined();
  });

  it('a reached step of another profile counts by its offset', () => {
    expect(due(22, [['other-profile-step', 21, '2024-05-31']])).toBeUndefined();
    expect(due(36, [['other-profile-step', 21, '2024-05-31']])).toBe('final-notice');
  });

  it('waits the days since the previous step', () => {
    const steps = [step('reminder-1', 7), step('reminder-2', 21, { minDaysSincePrevious: 10 })];
    const invoice = (reachedOn: string) => ({
      invoiceId: 'i1',
      daysPastDue: 25,
      reached: [{ stepId: 'reminder-1', dayOffset: 7, reachedOn }],
    });

    expect(selectDueStep(invoice('2024-05-25'), steps, '2024-06-01')).toBeUndefined();
    expect(selectDueStep(invoice('2024-05-22'), steps, '2024-06-01')?.name).toBe('reminder-2');
  });

  it('the wait applies only once a step was reached', () => {
    const steps = [step('reminder-2', 21, { minDaysSincePrevious: 10 })];

    expect(
      selectDueStep({ invoiceId: 'i1', daysPastDue: 21, reached: [] }, steps, '2024-06-01')?.name,
    ).toBe('reminder-2');
  });

  it('a waiting step leaves a lower due step to fire', () => {
    const steps = [
      step('reminder-1', 7),
      step('reminder-2', 21, { minDaysSincePrevious: 14 }),
      step('courtesy', -3),
    ];
    const invoice = {
      invoiceId: 'i1',
      daysPastDue: 25,
      reached: [{ stepId: 'courtesy', dayOffset: -3, reachedOn: '2024-05-30' }],
    };

    expect(selectDueStep(invoice, steps, '2024-06-01')?.name).toBe('reminder-1');
  });
});

describe('selectDueSteps', () => {
  it('decides per invoice', () => {
    const result = selectDueSteps(
      [
        { invoiceId: 'a', daysPastDue: 30, reached: [] },
        { invoiceId: 'b', daysPastDue: 8, reached: [] },
        { invoiceId: 'c', daysPastDue: -10, reached: [] },
      ],
      standard,
      '2024-06-01',
    );

    expect(result.get('a')?.name).toBe('reminder-2');
    expect(result.get('b')?.name).toBe('reminder-1');
    expect(result.has('c')).toBe(false);
  });
});

describe('filterStepsForDebtor', () => {
  const steps = [
    step('legal-14-day-letter', 30, { conditions: { debtorKind: 'b2c' } }),
    step('reminder-fr', 7, { conditions: { languages: ['fr'] } }),
    step('reminder', 10),
    step('courtesy', -3, { conditions: { debtorKind: 'b2b', languages: ['nl', 'en'] } }),
  ];
  const names = (kind: 'b2b' | 'b2c', language: string) =>
    filterStepsForDebtor(steps, { kind, language }).map((kept) => kept.name);

  it('keeps steps by debtor kind', () => {
    expect(names('b2c', 'de')).toEqual(['reminder', 'legal-14-day-letter']);
  });

  it('keeps steps by language, sorted by offset', () => {
    expect(names('b2b', 'fr')).toEqual(['reminder-fr', 'reminder']);
    expect(names('b2b', 'nl')).toEqual(['courtesy', 'reminder']);
  });
});
