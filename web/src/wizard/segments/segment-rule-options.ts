import { useTranslation } from 'react-i18next';
import type { SegmentRule } from '../../api/use-segments.ts';
import en from '../../i18n/namespaces/en/wizard.json';

/** The debtor attributes a rule can test; the server also accepts custom.NAME. */
export const ruleFields = [
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

export const ruleOperators = [
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

export type RuleField = (typeof ruleFields)[number];
export type RuleOperator = (typeof ruleOperators)[number];

const textOperators: readonly RuleOperator[] = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
];
const numberOperators: readonly RuleOperator[] = [
  'greaterThanOrEqual',
  'greaterThan',
  'lessThanOrEqual',
  'lessThan',
  'equals',
  'notEquals',
  'isEmpty',
  'isNotEmpty',
];

/** Operators per field: codes match, numbers also compare (the server rejects ordering on codes). */
export const operatorsByField: Record<RuleField, readonly RuleOperator[]> = {
  kind: ['equals', 'notEquals'],
  country: textOperators,
  language: textOperators,
  riskScore: numberOperators,
  creditLimit: numberOperators,
  entity: textOperators,
  openTotal: numberOperators,
  overdueTotal: numberOperators,
  averageDaysLate: numberOperators,
  onTimeShare: numberOperators,
  brokenPromises: numberOperators,
  issueCount: numberOperators,
};

/** The help text key under segments.valueHelp for a field's value, if it has one. */
export const valueHelpFields = [
  'creditLimit',
  'openTotal',
  'overdueTotal',
  'averageDaysLate',
  'onTimeShare',
  'brokenPromises',
  'issueCount',
] as const;

export function needsValue(operator: RuleOperator): boolean {
  return operator !== 'isEmpty' && operator !== 'isNotEmpty';
}

/** Returns a function that writes a rule as a short phrase, such as "Country is one of NL, BE". */
export function useRuleText(): (rule: SegmentRule) => string {
  const { t } = useTranslation('wizard');

  return (rule) => {
    const field = Object.hasOwn(en.segments.field, rule.field)
      ? t(`segments.field.${rule.field as RuleField}`)
      : rule.field;
    const operator = Object.hasOwn(en.segments.operator, rule.operator)
      ? t(`segments.operator.${rule.operator as RuleOperator}`)
      : rule.operator;
    if (rule.value === null) {
      return `${field} ${operator}`;
    }
    const value = Array.isArray(rule.value) ? rule.value.join(', ') : String(rule.value);
    if (rule.field === 'kind' && (value === 'b2b' || value === 'b2c')) {
      return `${field} ${operator} ${t(`segments.kind.${value}`)}`;
    }
    return `${field} ${operator} ${value}`;
  };
}
