import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Provisioning, ProvisioningStep } from '../api/use-provisioning.ts';
import { ChannelsStep } from './channels/channels-step.tsx';
import { EntitiesStep } from './entities-step.tsx';
import { ImportStep } from './import/import-step.tsx';
import { OrganisationStep } from './organisation-step.tsx';
import { ProcessesStep } from './processes-step.tsx';
import { ProfilesStep } from './profiles/profiles-step.tsx';
import { ReviewStep } from './review/review-step.tsx';
import { SegmentsStep } from './segments/segments-step.tsx';
import { UsersStep } from './users-step.tsx';

/** Renders the heading, introduction and form of one wizard step. */
export function StepContent(props: { step: ProvisioningStep; provisioning: Provisioning }) {
  const { t } = useTranslation('wizard');

  return (
    <Stack gap="md">
      <div>
        <Title order={3}>{t(`steps.${props.step}.title`)}</Title>
        <Text c="dimmed" size="sm">
          {t(`steps.${props.step}.intro`)}
        </Text>
      </div>
      <StepForm step={props.step} provisioning={props.provisioning} />
    </Stack>
  );
}

function StepForm(props: { step: ProvisioningStep; provisioning: Provisioning }) {
  switch (props.step) {
    case 'organisation':
      return <OrganisationStep />;
    case 'entities':
      return <EntitiesStep />;
    case 'users':
      return <UsersStep />;
    case 'processes':
      return <ProcessesStep />;
    case 'segments':
      return <SegmentsStep />;
    case 'profiles':
      return <ProfilesStep />;
    case 'channels':
      return <ChannelsStep />;
    case 'import':
      return <ImportStep />;
    case 'review':
      return <ReviewStep provisioning={props.provisioning} />;
  }
}
