import { z } from 'zod';

/**
 * Segment rules: each compares one debtor attribute with a value, and a
 * segment applies to a debtor when all its rules match. Attributes:
 *
 * - kind: "b2b" or "b2c"
 * - country: ISO 3166 alpha-2 code, compared case-insensitively
 * - language: ISO 639-1 code; a debtor without a language has its entity's
 * - riskScore: a number
 * - creditLimit: in minor units of the entity's currency (cents for EUR)
 * - entity: the code of the debtor's entity, compared case-insensitively
 * - openTotal, overdueTotal: the debtor's open and overdue amounts on the
 *   evaluation date, in minor units of the entity's currency. Overdue means
 *   due before that date. Invoices in other currencies are left out.
 * - averageDaysLate: the mean of max(0, settled date - due date) over the
 *   debtor's invoices settled in the 12 months up to the evaluation date;
 *   missing when none was settled then
 * - onTimeShare: the share (0 to 1) of those invoices settled on or before
 *   their due date; missing when none was settled then
 * - brokenPromises: promises to pay broken, with a promised date in the 12
 *   months up to the evaluation date
 * - issueCount: issues opened in the 12 months up to the evaluation date
 * - custom.NAME: the debtor's custom field NAME, as text; the ordering
 *   operators compare it as a number and never match text that is not one
 *
 * A missing attribute (null, or a custom field the debtor lacks) matches
 * only notEquals, notIn and isEmpty.
 */
export const SEGMENT_OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
  'isEmpty',
  'isNotEmpty',
] as const;

export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export const SEGMENT_FIELDS = [
  'kind',
  'country',
  'language',
  'riskScore',
  'creditLimit',
  'entity',
  'openTotal',
  'overdueTotal',
  'averageDaysLate',
  'onTimeShare',
  'brokenPromises',
  'issueCount',
] as const;

/** Fields whose values are numbers, compared with the ordering operators too. */
const NUMBER_FIELDS: readonly BuiltInField[] = [
  'riskScore',
  'creditLimit',
  'openTotal',
  'overdueTotal',
  'averageDaysLate',
  'onTimeShare',
  'brokenPromises',
  'issueCount',
];

/** Fields in minor units, where a fraction of a cent is invalid. */
const MINOR_UNIT_FIELDS: readonly string[] = ['creditLimit', 'openTotal', 'overdueTotal'];

type BuiltInField = (typeof SEGMENT_FIELDS)[number];

const ORDERING: readonly SegmentOperator[] = [
  'lessThan',
  'lessThanOrEqual',
  'greaterThan',
  'greaterThanOrEqual',
];
const LISTS: readonly SegmentOperator[] = ['in', 'notIn'];
const PRESENCE: readonly SegmentOperator[] = ['isEmpty', 'isNotEmpty'];

const CUSTOM_FIELD = /^custom\.[A-Za-z0-9_][A-Za-z0-9_ .-]{0,62}$/;

/** A rule as stored and returned: lists are arrays, numbers are numbers, presence tests have null. */
export type SegmentRuleValue = string | number | string[] | null;

export interface SegmentRule {
  field: string;
  operator: SegmentOperator;
  value: SegmentRuleValue;
}

/** A rule as a client sends it: lists may also be comma-separated text, numbers also text. */
export const segmentRuleInput = z.object({
  field: z.string().trim().min(1).max(80),
  operator: z.enum(SEGMENT_OPERATORS),
  value: z
    .union([z.string().max(1000), z.number(), z.array(z.string().max(200)).max(200)])
    .nullable()
    .optional(),
});

export type SegmentRuleInput = z.infer<typeof segmentRuleInput>;

/**
 * Checks a rule and returns it in its stored form: country codes upper-case,
 * language codes lower-case, lists as arrays and numbers as numbers.
 * Returns the problem as text when the rule is invalid.
 */
export function normaliseRule(input: SegmentRuleInput): SegmentRule | string {
  const { field, operator } = input;
  const builtIn = (SEGMENT_FIELDS as readonly string[]).includes(field);
  if (!builtIn && !CUSTOM_FIELD.test(field)) {
    return `field "${field}" is unknown; use ${SEGMENT_FIELDS.join(', ')} or custom.NAME`;
  }
  if (PRESENCE.includes(operator)) {
    return { field, operator, value: null };
  }
  const kind = builtIn ? valueKind(field as BuiltInField) : 'custom';
  if (ORDERING.includes(operator) && kind === 'text') {
    return `${field} cannot be compared with ${operator}; use equals, notEquals, in or notIn`;
  }
  if (input.value === undefined || input.value === null || input.value === '') {
    return `${operator} on ${field} needs a value`;
  }

  if (LISTS.includes(operator)) {
    const items = (Array.isArray(input.value) ? input.value : String(input.value).split(','))
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) {
      return `${operator} on ${field} needs at least one value`;
    }
    const normalised: string[] = [];
    for (const item of items) {
      const value = normaliseScalar(field, kind, item);
      if (typeof value === 'object') {
        return value.problem;
      }
      normalised.push(String(value));
    }
    return { field, operator, value: normalised };
  }
  if (Array.isArray(input.value)) {
    return `${operator} on ${field} takes one value, not a list`;
  }
  const value = ORDERING.includes(operator)
    ? toNumber(field, input.value)
    : normaliseScalar(field, kind, input.value);
  if (typeof value === 'object') {
    return value.problem;
  }

  return { field, operator, value };
}

type ValueKind = 'text' | 'number' | 'custom';

function valueKind(field: BuiltInField): ValueKind {
  return NUMBER_FIELDS.includes(field) ? 'number' : 'text';
}

function normaliseScalar(
  field: string,
  kind: ValueKind,
  raw: string | number,
): string | number | { problem: string } {
  const text = String(raw).trim();
  if (kind === 'number') {
    return toNumber(field, raw);
  }
  if (field === 'kind' && text !== 'b2b' && text !== 'b2c') {
    return { problem: `kind is "b2b" or "b2c", not "${text}"` };
  }
  if (field === 'country') {
    return /^[A-Za-z]{2}$/.test(text)
      ? text.toUpperCase()
      : { problem: `country "${text}" is not a two-letter ISO 3166 code such as NL` };
  }
  if (field === 'language') {
    return /^[A-Za-z]{2}$/.test(text)
      ? text.toLowerCase()
      : { problem: `language "${text}" is not a two-letter ISO 639-1 code such as nl` };
  }

  return text;
}

function toNumber(field: string, raw: string | number): number | { problem: string } {
  const value = typeof raw === 'number' ? raw : Number(raw.trim());
  if (!Number.isFinite(value) || (typeof raw === 'string' && raw.trim() === '')) {
    return { problem: `${field} needs a number, not "${raw}"` };
  }
  if (MINOR_UNIT_FIELDS.includes(field) && !Number.isInteger(value)) {
    return { problem: `${field} is in minor units (cents): use a whole number` };
  }
  if (field === 'onTimeShare' && (value < 0 || value > 1)) {
    return { problem: `onTimeShare is a share from 0 to 1, such as 0.8, not ${value}` };
  }

  return value;
}

/** The debtor attributes that segment rules read. */
export interface SegmentDebtor {
  kind: 'b2b' | 'b2c';
  country: string | null;
  /** The debtor's language, or its entity's when the debtor has none. */
  language: string | null;
  riskScore: number | null;
  creditLimitMinor: number | null;
  /** The code of the debtor's entity. */
  entity: string;
  openTotalMinor: number;
  overdueTotalMinor: number;
  /** Null when no invoice was settled in the 12 months up to the evaluation date. */
  averageDaysLate: number | null;
  /** From 0 to 1; null when no invoice was settled in the 12 months up to the evaluation date. */
  onTimeShare: number | null;
  brokenPromises: number;
  issueCount: number;
  custom: Readonly<Record<string, string>>;
}

export interface SegmentCandidate {
  id: string;
  name: string;
  priority: number;
  isDefault: boolean;
  rules: readonly SegmentRule[];
}

/**
 * Returns the segment a debtor belongs to: the first segment, by ascending
 * priority and then name, whose rules all match. The default segment is
 * the fallback and is never matched by its rules. A segment without rules
 * matches no debtor, because a rule-less segment would swallow everyone.
 * Returns undefined when nothing matches and there is no default segment.
 */
export function assignSegment<T extends SegmentCandidate>(
  debtor: SegmentDebtor,
  segments: readonly T[],
): T | undefined {
  const ordered = segments
    .filter((segment) => !segment.isDefault && segment.rules.length > 0)
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
  const match = ordered.find((segment) => segment.rules.every((rule) => ruleMatches(debtor, rule)));

  return match ?? segments.find((segment) => segment.isDefault);
}

/** Returns whether one rule matches the debtor. */
export function ruleMatches(debtor: SegmentDebtor, rule: SegmentRule): boolean {
  const actual = attributeOf(debtor, rule.field);
  const missing = actual === null || actual === '';
  switch (rule.operator) {
    case 'isEmpty':
      return missing;
    case 'isNotEmpty':
      return !missing;
    case 'equals':
      return !missing && sameValue(actual, rule.value);
    case 'notEquals':
      return missing || !sameValue(actual, rule.value);
    case 'in':
      return !missing && listOf(rule.value).some((item) => sameValue(actual, item));
    case 'notIn':
      return missing || !listOf(rule.value).some((item) => sameValue(actual, item));
    default:
      return !missing && compareNumbers(actual, rule.operator, rule.value);
  }
}

function attributeOf(debtor: SegmentDebtor, field: string): string | number | null {
  switch (field) {
    case 'kind':
      return debtor.kind;
    case 'country':
      return debtor.country;
    case 'language':
      return debtor.language;
    case 'riskScore':
      return debtor.riskScore;
    case 'creditLimit':
      return debtor.creditLimitMinor;
    case 'entity':
      return debtor.entity;
    case 'openTotal':
      return debtor.openTotalMinor;
    case 'overdueTotal':
      return debtor.overdueTotalMinor;
    case 'averageDaysLate':
      return debtor.averageDaysLate;
    case 'onTimeShare':
      return debtor.onTimeShare;
    case 'brokenPromises':
      return debtor.brokenPromises;
    case 'issueCount':
      return debtor.issueCount;
    default: {
      const name = field.startsWith('custom.') ? field.slice('custom.'.length) : '';
      return Object.hasOwn(debtor.custom, name) ? (debtor.custom[name] ?? null) : null;
    }
  }
}

function sameValue(actual: string | number, expected: SegmentRuleValue): boolean {
  if (typeof actual === 'number' || typeof expected === 'number') {
    return Number(actual) === Number(expected);
  }

  return String(actual).trim().toLowerCase() === String(expected).trim().toLowerCase();
}

function listOf(value: SegmentRuleValue): Array<string | number> {
  if (Array.isArray(value)) {
    return value;
  }

  return value === null ? [] : [value];
}

function compareNumbers(
  actual: string | number,
  operator: SegmentOperator,
  expected: SegmentRuleValue,
): boolean {
  const left = typeof actual === 'number' ? actual : Number(actual.trim());
  const right = Number(expected);
  if (!Number.isFinite(left) || !Number.isFinite(right)) {
    return false;
  }
  switch (operator) {
    case 'lessThan':
      return left < right;
    case 'lessThanOrEqual':
      return left <= right;
    case 'greaterThan':
      return left > right;
    case 'greaterThanOrEqual':
      return left >= right;
    default:
      return false;
  }
}

/**
 * Describes why a debtor is in a segment, for the log of segment changes,
 * such as 'rule: averageDaysLate greaterThan 10 matched in segment "Late payers"'.
 */
export function describeSegmentMatch(segment: SegmentCandidate): string {
  if (segment.isDefault) {
    return `no rule matched: default segment "${segment.name}"`;
  }
  const rules = segment.rules.map((rule) => {
    const value = Array.isArray(rule.value) ? rule.value.join(',') : rule.value;
    return value === null
      ? `${rule.field} ${rule.operator}`
      : `${rule.field} ${rule.operator} ${value}`;
  });

  return `rule: ${rules.join(' and ')} matched in segment "${segment.name}"`;
}
