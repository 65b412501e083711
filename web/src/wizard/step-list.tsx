import { NavLink, ThemeIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  provisioningSteps,
  type Provisioning,
  type ProvisioningStep,
} from '../api/use-provisioning.ts';

/** Lists the wizard's steps in order. A done step shows a check mark, and every step can be opened. */
export function StepList(props: {
  provisioning: Provisioning;
  shown: ProvisioningStep;
  onOpen(step: ProvisioningStep): void;
}) {
  const { t } = useTranslation('wizard');
  const doneSteps = new Set(
    props.provisioning.steps.filter((step) => step.done).map((step) => step.key),
  );

  return (
    <nav aria-label={t('stepsLabel')}>
      {provisioningSteps.map((step, index) => {
        const done = doneSteps.has(step);
        return (
          <NavLink
            key={step}
            component="button"
            type="button"
            label={t(`steps.${step}.title`)}
            description={done ? t('stepDone') : undefined}
            active={step === props.shown}
            aria-current={step === props.shown ? 'step' : undefined}
            data-done={done}
            onClick={() => props.onOpen(step)}
            leftSection={
              <ThemeIcon
                size={26}
                radius="xl"
                color={done ? 'teal' : 'gray'}
                variant={done ? 'filled' : 'light'}
                aria-hidden
              >
                {done ? '✓' : index + 1}
              </ThemeIcon>
            }
          />
        );
      })}
    </nav>
  );
}
