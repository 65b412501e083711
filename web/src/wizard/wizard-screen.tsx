import { Alert, Badge, Center, Grid, Loader, Paper, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  provisioningSteps,
  useProvisioning,
  useUpdateProvisioning,
  type Provisioning,
  type ProvisioningStep,
} from '../api/use-provisioning.ts';
import { useEntities } from '../api/use-entities.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { StepContent } from './step-content.tsx';
import { StepFooter } from './step-footer.tsx';
import { StepList } from './step-list.tsx';

/**
 * Renders the provisioning wizard at /setup: a step list on the left and the
 * open step on the right. The server stores the step to resume at, so reopening
 * /setup, or logging in again, continues where the administrator left off.
 */
export function WizardScreen() {
  const { t } = useTranslation('wizard');
  const canManage = usePermission('settings.manage');
  const provisioning = useProvisioning(canManage);

  if (!canManage) {
    return <Alert color="yellow">{t('noPermission')}</Alert>;
  }
  if (provisioning.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (provisioning.isError) {
    return <LoadError error={provisioning.error} />;
  }
  return <Wizard provisioning={provisioning.data} />;
}

function Wizard(props: { provisioning: Provisioning }) {
  const { t } = useTranslation('wizard');
  const { provisioning } = props;
  const [shown, setShown] = useState<ProvisioningStep>(provisioning.currentStep);
  const update = useUpdateProvisioning();
  const index = provisioningSteps.indexOf(shown);
  const done = provisioning.steps.find((step) => step.key === shown)?.done ?? false;
  const entities = useEntities();
  const needsEntity = shown === 'entities' && entities.data?.length === 0;

  function open(step: ProvisioningStep) {
    setShown(step);
    update.mutate({ currentStep: step });
    window.scrollTo({ top: 0 });
  }

  function complete() {
    const next = provisioningSteps[index + 1] ?? shown;
    setShown(next);
    update.mutate({ completedStep: shown, currentStep: next });
    window.scrollTo({ top: 0 });
  }

  const status = provisioning.live ? (
    <Badge color="green" size="lg">
      {t('status.live')}
    </Badge>
  ) : (
    <Badge color="yellow" size="lg">
      {t('status.notLive')}
    </Badge>
  );
  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('subtitle')} actions={status} />
      {update.error && <LoadError error={update.error} />}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <StepList provisioning={provisioning} shown={shown} onOpen={open} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Paper withBorder p="lg" data-testid={`wizard-step-${shown}`}>
            <Stack gap="lg">
              <StepContent step={shown} provisioning={provisioning} />
              <StepFooter
                step={shown}
                done={done}
                saving={update.isPending}
                onBack={index > 0 ? () => open(provisioningSteps[index - 1] ?? shown) : undefined}
                onComplete={complete}
                blockedReason={needsEntity ? t('entities.needOne') : undefined}
              />
            </Stack>
          </Paper>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
