import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import {
  axisRange,
  errorsOf,
  firstFreeDay,
  hasErrors,
  newStep,
  normaliseAmount,
  requestBodyOf,
  tickInterval,
  validateDraft,
  type ProfileDraft,
  type StepDraft,
} from './profile-draft.ts';

function step(key: string, dayOffset: number): StepDraft {
  return {
    key,
    ...(key.startsWith('new') ? {} : { id: key }),
    name: key,
    dayOffset,
    channel: 'email',
    templateKey: 'reminder-1',
    minimumAmount: '0.00',
    minDaysSincePrevious: 0,
    conditions: {},
    scope: 'debtor',
    addsCollectionCosts: false,
    addsInterest: false,
    attachInvoiceCopies: false,
    attachLetter: false,
    feeFixed: '0.00',
    feePercent: '0.00',
    interestBasis: 'statutory',
    contractualInterestPercent: null,
    isFourteenDayLetter: false,
  };
}

const draft: ProfileDraft = {
  name: 'Test',
  stricterProfileId: null,
  brokenPromisesThreshold: 3,
  steps: [step('b', 14), step('a', -3), step('c', 15)],
};

describe('profile draft', () => {
  it('body lists steps in timeline order', () => {
    const body = requestBodyOf(draft);

    expect(body.steps.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
    expect(body.steps[0]).not.toHaveProperty('key');
    expect(body.brokenPromisesThreshold).toBeNull();
  });

  it('free day skips taken days', () => {
    expect(firstFreeDay(draft.steps, 'a', 14, 1)).toBe(16);
    expect(firstFreeDay(draft.steps, 'a', 15, -1)).toBe(13);
    expect(firstFreeDay(draft.steps, 'b', 14, 1)).toBe(14);
    expect(firstFreeDay([step('x', 3650)], 'y', 3650, 1)).toBeNull();
  });

  it('axis covers at least -14 to 60', () => {
    expect(axisRange([])).toEqual({ from: -14, to: 63 });
    expect(axisRange([step('a', -30), step('b', 100)])).toEqual({ from: -42, to: 112 });
    expect(tickInterval(77)).toBe(7);
    expect(tickInterval(4000)).toBe(364);
  });

  it('new step goes a week after the last', () => {
    const added = newStep(draft, 'New step', new Map([['email', ['courtesy']]]));

    expect(added.dayOffset).toBe(22);
    expect(added.templateKey).toBe('courtesy');
    expect(added.id).toBeUndefined();
  });

  it('server errors go to their step', () => {
    const sent = requestBodyOf(draft).steps.map((entry, index) => ({
      ...entry,
      key: ['a', 'b', 'c'][index] ?? '',
    }));
    const error = new ApiError(400, 'invalid_input', 'Invalid', {
      fields: [
        { field: 'steps.1.templateKey', message: 'no such template' },
        { field: 'body.steps.2.dayOffset', message: 'too late' },
        { field: 'stricterProfileId', message: 'cycle' },
      ],
    });
    const errors = errorsOf(error, sent, () => 'described');

    expect(errors.steps).toEqual({
      b: { templateKey: 'no such template' },
      c: { dayOffset: 'too late' },
    });
    expect(errors.profile).toEqual({ stricterProfileId: 'cycle' });
    expect(
      errorsOf(new ApiError(409, 'conflict', 'taken'), sent, () => 'described').general,
    ).toEqual(['described']);
  });

  it('decimal comma becomes a point', () => {
    expect(normaliseAmount('12,50')).toBe('12.50');
    expect(normaliseAmount(' 7,5 ')).toBe('7.5');
    expect(normaliseAmount('12.50')).toBe('12.50');
    expect(normaliseAmount('1.250,00')).toBe('1.250,00');
  });

  it('body sends the amount with a point', () => {
    const withComma = { ...draft, steps: [{ ...step('a', -3), minimumAmount: '12,50' }] };

    expect(requestBodyOf(withComma).steps[0]?.minimumAmount).toBe('12.50');
  });

  it('body sends fees and rate with a point', () => {
    const contractual = {
      ...step('a', -3),
      feeFixed: '15,00',
      feePercent: '2,5',
      interestBasis: 'contractual' as const,
      contractualInterestPercent: '8,25',
    };
    const statutory = { ...step('b', 14), contractualInterestPercent: '8,25' };
    const [sentContractual, sentStatutory] = requestBodyOf({
      ...draft,
      steps: [contractual, statutory],
    }).steps;

    expect(sentContractual?.feeFixed).toBe('15.00');
    expect(sentContractual?.feePercent).toBe('2.5');
    expect(sentContractual?.contractualInterestPercent).toBe('8.25');
    expect(sentStatutory?.contractualInterestPercent).toBeNull();
  });

  it('client check rejects bad fees and rates', () => {
    const describeProblem = (problem: string, value: string) => `${problem}: ${value}`;
    const checked = {
      ...draft,
      steps: [
        { ...step('a', -3), feeFixed: '15,00', feePercent: '100' },
        { ...step('b', 14), feeFixed: '-1', feePercent: '100,5' },
        { ...step('c', 15), interestBasis: 'contractual' as const },
        {
          ...step('d', 16),
          interestBasis: 'contractual' as const,
          contractualInterestPercent: '8.255',
        },
      ],
    };

    expect(validateDraft(checked, describeProblem).steps).toEqual({
      b: { feeFixed: 'feeFixedInvalid: -1', feePercent: 'percentInvalid: 100,5' },
      c: { contractualInterestPercent: 'contractualRateMissing: ' },
      d: { contractualInterestPercent: 'percentInvalid: 8.255' },
    });
  });

  it('client check rejects bad amounts', () => {
    const describeProblem = (problem: string, value: string) => `${problem}: ${value}`;
    const checked = {
      ...draft,
      steps: [
        { ...step('a', -3), minimumAmount: '12,50' },
        { ...step('b', 14), minimumAmount: '1.250,00' },
        { ...step('c', 15), minimumAmount: '12.505' },
      ],
    };
    const errors = validateDraft(checked, describeProblem);

    expect(errors.steps).toEqual({
      b: { minimumAmount: 'minimumAmountInvalid: 1.250,00' },
      c: { minimumAmount: 'minimumAmountInvalid: 12.505' },
    });
    expect(hasErrors(errors)).toBe(true);
    expect(hasErrors(validateDraft(draft, describeProblem))).toBe(false);
  });
});
