import { describe, expect, it } from 'vitest';
import {
  assignSegment,
  describeSegmentMatch,
  normaliseRule,
  ruleMatches,
  type SegmentCandidate,
  type SegmentDebtor,
  type SegmentRule,
  type SegmentRuleInput,
} from './segment-rules.ts';

const consumer: SegmentDebtor = {
  kind: 'b2c',
  country: 'NL',
  language: 'nl',
  riskScore: 70,
  creditLimitMinor: 500_000,
  entity: 'NL01',
  openTotalMinor: 120_000,
  overdueTotalMinor: 45_000,
  averageDaysLate: 12.5,
  onTimeShare: 0.4,
  brokenPromises: 2,
  issueCount: 0,
  custom: { branch: 'Retail', employees: '12' },
};

const rule = (field: string, operator: SegmentRule['operator'], value: SegmentRule['value']) => ({
  field,
  operator,
  value,
});

const segments: SegmentCandidate[] = [
  { id: 'default', name: 'Default', priority: 100, isDefault: true, rules: [] },
  {
    id: 'nl-consumers',
    name: 'Dutch consumers',
    priority: 20,
    isDefault: false,
    rules: [rule('kind', 'equals', 'b2c'), rule('country', 'equals', 'NL')],
  },
  {
    id: 'high-risk',
    name: 'High risk',
    priority: 10,
    isDefault: false,
    rules: [rule('riskScore', 'greaterThanOrEqual', 80)],
  },
  { id: 'empty', name: 'Empty', priority: 1, isDefault: false, rules: [] },
];

describe('assignSegment', () => {
  it('picks the first matching segment by priority', () => {
    expect(assignSegment({ ...consumer, riskScore: 85 }, segments)?.id).toBe('high-risk');
    expect(assignSegment(consumer, segments)?.id).toBe('nl-consumers');
  });

  it('falls back to the default segment', () => {
    const company: SegmentDebtor = { ...consumer, kind: 'b2b' };

    expect(assignSegment(company, segments)?.id).toBe('default');
  });

  it('never matches a segment without rules', () => {
    const onlyEmpty = segments.filter((segment) => segment.id === 'empty');

    expect(assignSegment(consumer, onlyEmpty)).toBeUndefined();
  });

  it('breaks priority ties by name', () => {
    const tied: SegmentCandidate[] = [
      {
        id: 'b',
        name: 'Beta',
        priority: 5,
        isDefault: false,
        rules: [rule('kind', 'equals', 'b2c')],
      },
      {
        id: 'a',
        name: 'Alpha',
        priority: 5,
        isDefault: false,
        rules: [rule('kind', 'equals', 'b2c')],
      },
    ];

    expect(assignSegment(consumer, tied)?.id).toBe('a');
  });

  it('requires every rule to match', () => {
    const german: SegmentDebtor = { ...consumer, country: 'DE' };

    expect(assignSegment(german, segments)?.id).toBe('default');
  });
});

describe('ruleMatches', () => {
  it.each([
    ['equals ignores case', rule('country', 'equals', 'nl'), true],
    ['notEquals', rule('language', 'notEquals', 'de'), true],
    ['in', rule('country', 'in', ['BE', 'NL']), true],
    ['notIn', rule('country', 'notIn', ['BE', 'NL']), false],
    ['lessThan', rule('creditLimit', 'lessThan', 500_000), false],
    ['lessThanOrEqual', rule('creditLimit', 'lessThanOrEqual', 500_000), true],
    ['greaterThan', rule('riskScore', 'greaterThan', 69), true],
    ['custom equals', rule('custom.branch', 'equals', 'retail'), true],
    ['custom as number', rule('custom.employees', 'greaterThan', 10), true],
    ['custom text never orders', rule('custom.branch', 'lessThan', 10), false],
    ['missing custom isEmpty', rule('custom.region', 'isEmpty', null), true],
    ['missing custom notEquals', rule('custom.region', 'notEquals', 'North'), true],
    ['missing custom equals', rule('custom.region', 'equals', 'North'), false],
    ['isNotEmpty', rule('riskScore', 'isNotEmpty', null), true],
    ['entity ignores case', rule('entity', 'equals', 'nl01'), true],
    ['entity in', rule('entity', 'in', ['DE01', 'BE01']), false],
    ['openTotal', rule('openTotal', 'greaterThanOrEqual', 120_000), true],
    ['overdueTotal', rule('overdueTotal', 'greaterThan', 45_000), false],
    ['averageDaysLate above', rule('averageDaysLate', 'greaterThan', 10), true],
    ['averageDaysLate below', rule('averageDaysLate', 'lessThan', 12.5), false],
    ['onTimeShare', rule('onTimeShare', 'lessThan', 0.5), true],
    ['brokenPromises', rule('brokenPromises', 'greaterThanOrEqual', 2), true],
    ['issueCount zero', rule('issueCount', 'equals', 0), true],
    ['issueCount above', rule('issueCount', 'greaterThan', 0), false],
  ] as const)('%s', (_name, candidate, expected) => {
    expect(ruleMatches(consumer, candidate)).toBe(expected);
  });

  it('treats a missing number as no match for ordering', () => {
    const unknownRisk: SegmentDebtor = { ...consumer, riskScore: null };

    expect(ruleMatches(unknownRisk, rule('riskScore', 'lessThan', 50))).toBe(false);
    expect(ruleMatches(unknownRisk, rule('riskScore', 'greaterThan', 50))).toBe(false);
  });

  it('treats no settled invoices as missing behaviour', () => {
    const newcomer: SegmentDebtor = { ...consumer, averageDaysLate: null, onTimeShare: null };

    expect(ruleMatches(newcomer, rule('averageDaysLate', 'greaterThan', 10))).toBe(false);
    expect(ruleMatches(newcomer, rule('averageDaysLate', 'lessThanOrEqual', 10))).toBe(false);
    expect(ruleMatches(newcomer, rule('onTimeShare', 'isEmpty', null))).toBe(true);
  });

  it('reads inherited names as missing custom fields', () => {
    expect(ruleMatches(consumer, rule('custom.constructor', 'isEmpty', null))).toBe(true);
  });
});

describe('describeSegmentMatch', () => {
  it('names the rules and the segment', () => {
    const late: SegmentCandidate = {
      id: 'late',
      name: 'Late payers',
      priority: 10,
      isDefault: false,
      rules: [rule('averageDaysLate', 'greaterThan', 10), rule('country', 'in', ['NL', 'BE'])],
    };

    expect(describeSegmentMatch(late)).toBe(
      'rule: averageDaysLate greaterThan 10 and country in NL,BE matched in segment "Late payers"',
    );
  });

  it('names the default fallback', () => {
    const fallback = segments.find((segment) => segment.isDefault);

    expect(fallback && describeSegmentMatch(fallback)).toBe(
      'no rule matched: default segment "Default"',
    );
  });
});

describe('normaliseRule', () => {
  it('upper-cases countries and splits lists', () => {
    expect(normaliseRule({ field: 'country', operator: 'in', value: 'nl, be' })).toEqual({
      field: 'country',
      operator: 'in',
      value: ['NL', 'BE'],
    });
  });

  it('reads numbers written as text', () => {
    expect(normaliseRule({ field: 'riskScore', operator: 'greaterThan', value: '80' })).toEqual({
      field: 'riskScore',
      operator: 'greaterThan',
      value: 80,
    });
  });

  it('drops the value of presence tests', () => {
    expect(normaliseRule({ field: 'custom.x', operator: 'isEmpty', value: 'ignored' })).toEqual({
      field: 'custom.x',
      operator: 'isEmpty',
      value: null,
    });
  });

  const invalidRules: Array<[SegmentRuleInput, RegExp]> = [
    [{ field: 'colour', operator: 'equals', value: 'red' }, /field "colour" is unknown/],
    [{ field: 'kind', operator: 'equals', value: 'b2x' }, /kind is "b2b" or "b2c"/],
    [{ field: 'country', operator: 'equals', value: 'NLD' }, /two-letter ISO 3166/],
    [{ field: 'language', operator: 'lessThan', value: 'nl' }, /cannot be compared/],
    [{ field: 'riskScore', operator: 'equals', value: 'high' }, /needs a number/],
    [{ field: 'creditLimit', operator: 'lessThan', value: 10.5 }, /whole number/],
    [{ field: 'openTotal', operator: 'greaterThan', value: 99.5 }, /openTotal is in minor units/],
    [{ field: 'onTimeShare', operator: 'lessThan', value: 80 }, /share from 0 to 1/],
    [{ field: 'entity', operator: 'greaterThan', value: 'NL01' }, /cannot be compared/],
    [{ field: 'country', operator: 'equals' }, /needs a value/],
    [{ field: 'country', operator: 'in', value: ' , ' }, /at least one value/],
    [{ field: 'country', operator: 'equals', value: ['NL'] }, /one value, not a list/],
  ];

  it.each(invalidRules)('rejects %o', (input, problem) => {
    const result = normaliseRule(input);

    expect(typeof result).toBe('string');
    expect(result).toMatch(problem);
  });
});
