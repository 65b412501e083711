import { describe, expect, it } from 'vitest';
import type { InterestRateTable } from '../interest/statutory-interest-rates.ts';
import { computeStepFee } from './compute-step-fee.ts';
import { computeStepInterest, interestStartDate } from './compute-step-interest.ts';

const COMMERCIAL_12_5: InterestRateTable = {
  kind: 'commercial',
  entries: [{ from: '2023-07-01', basisPoints: 1250 }],
  coveredThrough: '2024-06-30',
};

describe('computeStepInterest', () => {
  it('12.5% commercial on 2,500.00 for 60 days', () => {
    const interest = computeStepInterest({
      rate: { basis: 'statutory', table: COMMERCIAL_12_5 },
      kind: 'commercial',
      principalMinor: 250_000,
      from: '2024-01-15',
      through: '2024-03-14',
      previouslyChargedMinor: 0,
    });

    expect(interest?.amountMinor).toBe(5_137);
    expect(interest?.calculation.periods).toHaveLength(1);
    expect(interest?.calculation.periods[0]?.days).toBe(60);
    expect(interest?.calculation.beyondTable).toBeUndefined();
  });

  it('10% contractual for 30 days', () => {
    const interest = computeStepInterest({
      rate: { basis: 'contractual', basisPoints: 1000 },
      kind: 'commercial',
      principalMinor: 100_000,
      from: '2024-03-02',
      through: '2024-03-31',
      previouslyChargedMinor: 0,
    });

    expect(interest?.amountMinor).toBe(822);
    expect(interest?.calculation.basis).toBe('contractual');
  });

  it('subtracts interest charged before', () => {
    const whole = computeStepInterest({
      rate: { basis: 'statutory', table: COMMERCIAL_12_5 },
      kind: 'commercial',
      principalMinor: 250_000,
      from: '2024-01-15',
      through: '2024-03-14',
      previouslyChargedMinor: 2_000,
    });

    expect(whole?.amountMinor).toBe(3_137);
    expect(whole?.calculation.cumulativeMinor).toBe(5_137);
  });

  it('returns null when nothing new is owed', () => {
    const params = {
      rate: { basis: 'contractual', basisPoints: 0 },
      kind: 'commercial',
      principalMinor: 100_000,
      from: '2024-03-02',
      through: '2024-03-31',
      previouslyChargedMinor: 0,
    } as const;

    expect(computeStepInterest(params)).toBeNull();
    expect(computeStepInterest({ ...params, through: '2024-03-01' })).toBeNull();
    expect(computeStepInterest({ ...params, principalMinor: 0 })).toBeNull();
  });

  it('marks days past the table', () => {
    const interest = computeStepInterest({
      rate: { basis: 'statutory', table: COMMERCIAL_12_5 },
      kind: 'commercial',
      principalMinor: 250_000,
      from: '2024-06-01',
      through: '2024-07-31',
      previouslyChargedMinor: 0,
    });

    expect(interest?.calculation.beyondTable).toEqual({
      coveredThrough: '2024-06-30',
      appliedBasisPoints: 1250,
    });
  });
});

describe('interestStartDate', () => {
  it('business debtors from the day after the due date', () => {
    expect(
      interestStartDate({
        basis: 'statutory',
        debtorKind: 'b2b',
        dueDate: '2024-02-29',
        consumerDefaultFrom: null,
      }),
    ).toBe('2024-03-01');
  });

  it('consumers from their default', () => {
    const consumer = { basis: 'statutory', debtorKind: 'b2c', dueDate: '2024-03-01' } as const;

    expect(interestStartDate({ ...consumer, consumerDefaultFrom: '2024-04-02' })).toBe(
      '2024-04-02',
    );
    expect(interestStartDate({ ...consumer, consumerDefaultFrom: null })).toBeNull();
    expect(
      interestStartDate({ ...consumer, basis: 'contractual', consumerDefaultFrom: null }),
    ).toBe('2024-03-02');
  });
});

describe('computeStepFee', () => {
  it('fixed fee plus share of principal', () => {
    expect(
      computeStepFee({ fixedMinor: 500, basisPoints: 1000, principalMinor: 20_000 })?.amountMinor,
    ).toBe(2_500);
    expect(
      computeStepFee({ fixedMinor: 0, basisPoints: 250, principalMinor: 1_001 })?.amountMinor,
    ).toBe(25);
  });

  it('returns null for no fee or no principal', () => {
    expect(computeStepFee({ fixedMinor: 0, basisPoints: 0, principalMinor: 20_000 })).toBeNull();
    expect(computeStepFee({ fixedMinor: 5_000, basisPoints: 0, principalMinor: 0 })).toBeNull();
  });
});
