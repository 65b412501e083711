import { Badge, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProvisioningStep } from '../api/use-provisioning.ts';

/**
 * Back, and "mark as done" for the open step. The review step has no
 * completion button: going live finishes it.
 */
export function StepFooter(props: {
  step: ProvisioningStep;
  done: boolean;
  saving: boolean;
  onBack: (() => void) | undefined;
  onComplete(): void;
  /** Why the step cannot be marked done yet, shown instead of the button. */
  blockedReason?: string;
}) {
  const { t } = useTranslation('wizard');
  const isLast = props.step === 'review';

  return (
    <Group
      justify="space-between"
      pt="md"
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Button variant="default" onClick={props.onBack} disabled={!props.onBack}>
        {t('back')}
      </Button>
      <Group gap="sm">
        {props.done && <Badge color="teal">{t('stepDone')}</Badge>}
        {props.blockedReason && (
          <Text size="sm" c="dimmed">
            {props.blockedReason}
          </Text>
        )}
        {!isLast && (
          <Button
            onClick={props.onComplete}
            loading={props.saving}
            disabled={props.blockedReason !== undefined}
            data-testid="complete-step"
          >
            {t('completeStep')}
          </Button>
        )}
      </Group>
    </Group>
  );
}
