import { ActionIcon, Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateSegment, useProfiles, type SegmentRule } from '../../api/use-segments.ts';
import { LoadError } from '../../components/load-error.tsx';
import {
  needsValue,
  operatorsByField,
  ruleFields,
  valueHelpFields,
  type RuleField,
  type RuleOperator,
} from './segment-rule-options.ts';

interface RuleDraft {
  field: RuleField;
  operator: RuleOperator;
  value: string;
}

const firstRule: RuleDraft = { field: 'kind', operator: 'equals', value: 'b2c' };

/** Adds a segment: a name, its place in the order, the rules a debtor must all meet and a profile. */
export function SegmentForm(props: { nextPriority: number; onDone(): void }) {
  const { t } = useTranslation('wizard');
  const profiles = useProfiles();
  const create = useCreateSegment();
  const [name, setName] = useState('');
  const [priority, setPriority] = useState<number | string>(props.nextPriority);
  const [rules, setRules] = useState<RuleDraft[]>([firstRule]);
  const [profileId, setProfileId] = useState<string | null>(null);
  const chosenProfile = profileId ?? profiles.data?.[0]?.id ?? null;

  function changeRule(index: number, change: Partial<RuleDraft>) {
    setRules((current) =>
      current.map((rule, position) => {
        if (position !== index) {
          return rule;
        }
        const next = { ...rule, ...change };
        if (change.field && !operatorsByField[change.field].includes(next.operator)) {
          next.operator = operatorsByField[change.field][0] ?? 'equals';
        }
        return next;
      }),
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!chosenProfile) {
      return;
    }
    const cleaned: SegmentRule[] = rules.map((rule) => ({
      ...rule,
      value: needsValue(rule.operator) ? rule.value.trim() : null,
    }));
    create.mutate(
      { name: name.trim(), priority: Number(priority), rules: cleaned, profileId: chosenProfile },
      { onSuccess: props.onDone },
    );
  }

  return (
    <form onSubmit={submit} data-testid="segment-form">
      <Stack gap="sm">
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('segments.name')}
            description={t('segments.nameHelp')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            w={260}
          />
          <NumberInput
            label={t('segments.priority')}
            description={t('segments.priorityHelp')}
            value={priority}
            onChange={setPriority}
            min={1}
            allowDecimal={false}
            w={200}
          />
          <Select
            label={t('segments.profile')}
            description={t('segments.profileHelp')}
            data={(profiles.data ?? []).map((profile) => ({
              value: profile.id,
              label: profile.name,
            }))}
            value={chosenProfile}
            onChange={setProfileId}
            allowDeselect={false}
            w={240}
          />
        </Group>
        {rules.map((rule, index) => (
          <RuleRow
            key={index}
            rule={rule}
            onChange={(change) => changeRule(index, change)}
            onRemove={() =>
              setRules((current) => current.filter((_, position) => position !== index))
            }
          />
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            onClick={() =>
              setRules((current) => [
                ...current,
                { field: 'country', operator: 'equals', value: '' },
              ])
            }
          >
            {t('segments.addRule')}
          </Button>
        </Group>
        {create.error && <LoadError error={create.error} />}
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('segments.save')}
          </Button>
          <Button variant="default" onClick={props.onDone}>
            {t('segments.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RuleRow(props: {
  rule: RuleDraft;
  onChange(change: Partial<RuleDraft>): void;
  onRemove(): void;
}) {
  const { t } = useTranslation('wizard');
  const { rule } = props;

  return (
    <Group gap="sm" align="flex-end" data-testid="segment-rule">
      <Select
        label={t('segments.ruleField')}
        data={ruleFields.map((field) => ({ value: field, label: t(`segments.field.${field}`) }))}
        value={rule.field}
        onChange={(value) => value && props.onChange({ field: value as RuleField })}
        allowDeselect={false}
        w={200}
      />
      <Select
        label={t('segments.ruleOperator')}
        data={operatorsByField[rule.field].map((operator) => ({
          value: operator,
          label: t(`segments.operator.${operator}`),
        }))}
        value={rule.operator}
        onChange={(value) => value && props.onChange({ operator: value as RuleOperator })}
        allowDeselect={false}
        w={170}
      />
      {!needsValue(rule.operator) ? null : rule.field === 'kind' ? (
        <Select
          label={t('segments.ruleValue')}
          data={[
            { value: 'b2b', label: t('segments.kind.b2b') },
            { value: 'b2c', label: t('segments.kind.b2c') },
          ]}
          value={rule.value}
          onChange={(value) => props.onChange({ value: value ?? 'b2b' })}
          allowDeselect={false}
          w={200}
        />
      ) : (
        <TextInput
          label={t('segments.ruleValue')}
          description={
            rule.operator === 'in' || rule.operator === 'notIn'
              ? t('segments.inHelp')
              : isValueHelpField(rule.field)
                ? t(`segments.valueHelp.${rule.field}`)
                : undefined
          }
          value={rule.value}
          onChange={(event) => props.onChange({ value: event.currentTarget.value })}
          w={200}
        />
      )}
      <ActionIcon
        variant="subtle"
        color="red"
        size="lg"
        mb={2}
        onClick={props.onRemove}
        aria-label={t('segments.removeRule')}
      >
        ×
      </ActionIcon>
    </Group>
  );
}

function isValueHelpField(field: string): field is (typeof valueHelpFields)[number] {
  return (valueHelpFields as readonly string[]).includes(field);
}
