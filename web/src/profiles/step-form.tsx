import {
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelIcon } from './channel-icon.tsx';
import { describeDay } from './day-text.ts';
import { MAX_OFFSET, MIN_OFFSET, type StepDraft } from './profile-draft.ts';
import { showDecimal, StepChargeFields } from './step-charge-fields.tsx';
import { STEP_CHANNELS, type EditableStep, type StepChannel } from './use-profile-editor.ts';

/** Languages the stock templates are written in, offered as condition choices. */
const LANGUAGE_CHOICES = ['nl', 'en', 'de', 'fr'];

export interface StepFormProps {
  step: StepDraft;
  templates: ReadonlyMap<StepChannel, string[]>;
  /** Server messages for this step, by field name. */
  errors: Record<string, string>;
  readOnly: boolean;
  /** Raised by Enter on a timeline step: each new value moves the focus to the name field. */
  focusRequest: number;
  onChange(changes: Partial<EditableStep>): void;
  onRemove(): void;
}

/** Edits every field of the selected step; changes go into the draft at once. */
export function StepForm(props: StepFormProps) {
  const { t, i18n } = useTranslation('profiles');
  const { step, errors, readOnly } = props;
  const templateChoices = props.templates.get(step.channel) ?? [];
  const isEmail = step.channel === 'email';
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (props.focusRequest > 0) {
      nameRef.current?.focus();
    }
  }, [props.focusRequest]);

  function changeChannel(value: string | null) {
    const channel = (value ?? 'email') as StepChannel;
    const choices = props.templates.get(channel) ?? [];
    const templateKey = choices.includes(step.templateKey) ? step.templateKey : (choices[0] ?? '');
    props.onChange({
      channel,
      templateKey,
      ...(channel === 'email' ? {} : { attachInvoiceCopies: false, attachLetter: false }),
    });
  }

  function changeConditions(changes: Partial<EditableStep['conditions']>) {
    const conditions = { ...step.conditions, ...changes };
    if (!conditions.debtorKind) {
      delete conditions.debtorKind;
    }
    if (!conditions.languages || conditions.languages.length === 0) {
      delete conditions.languages;
    }
    props.onChange({ conditions });
  }

  return (
    <Paper withBorder p="md" data-testid="step-form">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <ChannelIcon channel={step.channel} size={20} />
            <Title order={4}>{t('form.title', { name: step.name || t('form.unnamed') })}</Title>
          </Group>
          {!readOnly && (
            <Button variant="subtle" color="red" onClick={props.onRemove}>
              {t('form.remove')}
            </Button>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            ref={nameRef}
            label={t('form.name')}
            value={step.name}
            maxLength={100}
            readOnly={readOnly}
            error={errors.name}
            onChange={(event) => props.onChange({ name: event.currentTarget.value })}
          />
          <NumberInput
            label={t('form.dayOffset')}
            description={describeDay(t, step.dayOffset)}
            value={step.dayOffset}
            min={MIN_OFFSET}
            max={MAX_OFFSET}
            allowDecimal={false}
            readOnly={readOnly}
            error={errors.dayOffset}
            onChange={(value) => typeof value === 'number' && props.onChange({ dayOffset: value })}
          />
          <Select
            label={t('form.channel')}
            data={STEP_CHANNELS.map((channel) => ({
              value: channel,
              label: t(`channels.${channel}`),
            }))}
            value={step.channel}
            allowDeselect={false}
            readOnly={readOnly}
            error={errors.channel}
            onChange={changeChannel}
          />
          <Select
            label={t('form.template')}
            data-testid="step-template"
            description={step.channel === 'call' ? t('form.callTemplateHelp') : undefined}
            data={templateChoices}
            value={step.templateKey || null}
            allowDeselect={false}
            readOnly={readOnly}
            error={errors.templateKey}
            onChange={(value) => value && props.onChange({ templateKey: value })}
          />
          <TextInput
            label={t('form.minimumAmount')}
            description={t('form.minimumAmountHelp')}
            value={showDecimal(step.minimumAmount, i18n.language)}
            inputMode="decimal"
            readOnly={readOnly}
            error={errors.minimumAmount}
            onChange={(event) => props.onChange({ minimumAmount: event.currentTarget.value })}
          />
          <NumberInput
            label={t('form.minDaysSincePrevious')}
            description={t('form.minDaysSincePreviousHelp')}
            value={step.minDaysSincePrevious}
            min={0}
            max={365}
            allowDecimal={false}
            readOnly={readOnly}
            error={errors.minDaysSincePrevious}
            onChange={(value) =>
              typeof value === 'number' && props.onChange({ minDaysSincePrevious: value })
            }
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.scope')}
          </Text>
          <SegmentedControl
            data={[
              { value: 'debtor', label: t('form.scopeDebtor') },
              { value: 'invoice', label: t('form.scopeInvoice') },
            ]}
            value={step.scope}
            readOnly={readOnly}
            onChange={(value) => props.onChange({ scope: value as EditableStep['scope'] })}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('form.debtorKind')}
            data={[
              { value: 'all', label: t('form.kindAll') },
              { value: 'b2b', label: t('form.kindB2b') },
              { value: 'b2c', label: t('form.kindB2c') },
            ]}
            value={step.conditions.debtorKind ?? 'all'}
            allowDeselect={false}
            readOnly={readOnly}
            onChange={(value) =>
              changeConditions({
                debtorKind: value === 'b2b' || value === 'b2c' ? value : undefined,
              })
            }
          />
          <TagsInput
            label={t('form.languages')}
            description={t('form.languagesHelp')}
            data={LANGUAGE_CHOICES}
            value={step.conditions.languages ?? []}
            readOnly={readOnly}
            error={errors.conditions}
            onChange={(languages) => changeConditions({ languages })}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Switch
            label={t('form.addsCollectionCosts')}
            checked={step.addsCollectionCosts}
            disabled={readOnly}
            onChange={(event) =>
              props.onChange({ addsCollectionCosts: event.currentTarget.checked })
            }
          />
          <Switch
            label={t('form.addsInterest')}
            checked={step.addsInterest}
            disabled={readOnly}
            onChange={(event) =>
              props.onChange({
                addsInterest: event.currentTarget.checked,
                // The basis and rate are hidden without interest, so a contractual basis would block saving.
                ...(event.currentTarget.checked
                  ? {}
                  : { interestBasis: 'statutory', contractualInterestPercent: null }),
              })
            }
          />
          <Switch
            label={t('form.attachInvoiceCopies')}
            description={isEmail ? undefined : t('form.emailOnly')}
            checked={step.attachInvoiceCopies}
            disabled={readOnly || !isEmail}
            error={errors.attachInvoiceCopies}
            onChange={(event) =>
              props.onChange({ attachInvoiceCopies: event.currentTarget.checked })
            }
          />
          <Switch
            label={t('form.attachLetter')}
            description={isEmail ? undefined : t('form.emailOnly')}
            checked={step.attachLetter}
            disabled={readOnly || !isEmail}
            error={errors.attachLetter}
            onChange={(event) => props.onChange({ attachLetter: event.currentTarget.checked })}
          />
        </SimpleGrid>
        <StepChargeFields
          step={step}
          errors={errors}
          readOnly={readOnly}
          onChange={props.onChange}
        />
      </Stack>
    </Paper>
  );
}
