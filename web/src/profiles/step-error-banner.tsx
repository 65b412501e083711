import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { stepsInOrder, type StepDraft } from './profile-draft.ts';

/** Step fields that have a label in the step form, by the field name the server reports. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: 'name',
  dayOffset: 'dayOffset',
  channel: 'channel',
  templateKey: 'template',
  minimumAmount: 'minimumAmount',
  minDaysSincePrevious: 'minDaysSincePrevious',
  conditions: 'languages',
  attachInvoiceCopies: 'attachInvoiceCopies',
  attachLetter: 'attachLetter',
};

/**
 * Lists the steps that have field errors, by step name in timeline order,
 * each with a button that opens the step's form. The form shows only the
 * open step, so without this banner an error on another step stays unseen.
 * Renders nothing while no step has an error.
 */
export function StepErrorBanner(props: {
  steps: StepDraft[];
  errors: Record<string, Record<string, string>>;
  onOpen(key: string): void;
}) {
  const { t } = useTranslation('profiles');
  const failing = stepsInOrder({ steps: props.steps })
    .filter((step) => props.errors[step.key])
    .map((step) => ({ step, fields: Object.entries(props.errors[step.key] ?? {}) }));

  if (failing.length === 0) {
    return null;
  }
  return (
    <Alert color="red" role="alert" title={t('stepErrors.title')} data-testid="step-errors">
      <List spacing={4} size="sm">
        {failing.map(({ step, fields }) => (
          <List.Item key={step.key}>
            <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
              <Text size="sm">
                <b>{step.name || t('form.unnamed')}</b>
                {': '}
                {fields
                  .map(
                    ([field, message]) => `${fieldLabel(t, field)}: ${withoutStepPrefix(message)}`,
                  )
                  .join(' ')}
              </Text>
              <Button
                size="compact-xs"
                variant="default"
                style={{ flexShrink: 0 }}
                onClick={() => props.onOpen(step.key)}
                aria-label={t('stepErrors.openStep', { name: step.name })}
              >
                {t('stepErrors.open')}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

function fieldLabel(t: ReturnType<typeof useTranslation<'profiles'>>['t'], field: string): string {
  const key = FIELD_LABELS[field];

  return key ? t(`form.${key}` as 'form.name') : field;
}

/**
 * Drops the server's `Step 5 ("Phone call"): ` opening from a message,
 * because the banner names the step already and shows no step numbers.
 */
function withoutStepPrefix(message: string): string {
  return message.replace(/^Step \d+ \(".*?"\): /, '');
}
