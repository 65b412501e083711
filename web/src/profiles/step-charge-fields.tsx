import { Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StepDraft } from './profile-draft.ts';
import type { EditableStep } from './use-profile-editor.ts';

/**
 * Shows a plain decimal such as "12.50" with a decimal comma ("12,50") in
 * Dutch. Other text, such as a half-typed value, is shown as it is.
 */
export function showDecimal(text: string, language: string): string {
  return language.startsWith('nl') && /^\d+\.\d+$/.test(text) ? text.replace('.', ',') : text;
}

export interface StepChargeFieldsProps {
  step: StepDraft;
  /** Messages for this step, by field name. */
  errors: Record<string, string>;
  readOnly: boolean;
  onChange(changes: Partial<EditableStep>): void;
}

/**
 * Edits what a step charges besides collection costs: a fixed fee and a
 * percentage fee, and, when the step adds interest, the interest basis and
 * the contractual rate. Also marks the step as the fourteen-day letter.
 */
export function StepChargeFields(props: StepChargeFieldsProps) {
  const { t, i18n } = useTranslation('profiles');
  const { step, errors, readOnly } = props;

  return (
    <Stack gap="sm">
      <Text size="sm" fw={500}>
        {t('form.charges')}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('form.feeFixed')}
          description={t('form.feeFixedHelp')}
          value={showDecimal(step.feeFixed, i18n.language)}
          inputMode="decimal"
          readOnly={readOnly}
          error={errors.feeFixed}
          onChange={(event) => props.onChange({ feeFixed: event.currentTarget.value })}
        />
        <TextInput
          label={t('form.feePercent')}
          description={t('form.feePercentHelp')}
          value={showDecimal(step.feePercent, i18n.language)}
          inputMode="decimal"
          readOnly={readOnly}
          error={errors.feePercent}
          onChange={(event) => props.onChange({ feePercent: event.currentTarget.value })}
        />
        {step.addsInterest && (
          <Select
            label={t('form.interestBasis')}
            data={[
              { value: 'statutory', label: t('form.interestStatutory') },
              { value: 'contractual', label: t('form.interestContractual') },
            ]}
            value={step.interestBasis}
            allowDeselect={false}
            readOnly={readOnly}
            error={errors.interestBasis}
            onChange={(value) =>
              props.onChange({ interestBasis: value === 'contractual' ? value : 'statutory' })
            }
          />
        )}
        {step.addsInterest && step.interestBasis === 'contractual' && (
          <TextInput
            label={t('form.contractualInterestPercent')}
            description={t('form.contractualInterestPercentHelp')}
            value={showDecimal(step.contractualInterestPercent ?? '', i18n.language)}
            inputMode="decimal"
            readOnly={readOnly}
            error={errors.contractualInterestPercent}
            onChange={(event) =>
              props.onChange({ contractualInterestPercent: event.currentTarget.value })
            }
          />
        )}
      </SimpleGrid>
      <Switch
        label={t('form.isFourteenDayLetter')}
        description={t('form.isFourteenDayLetterHelp')}
        checked={step.isFourteenDayLetter}
        disabled={readOnly}
        onChange={(event) => props.onChange({ isFourteenDayLetter: event.currentTarget.checked })}
      />
    </Stack>
  );
}
