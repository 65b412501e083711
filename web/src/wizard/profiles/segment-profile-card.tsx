import { Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCreateProfile,
  useUpdateSegment,
  type Profile,
  type ProfilePreset,
  type Segment,
} from '../../api/use-segments.ts';
import { LoadError } from '../../components/load-error.tsx';
import { ProfileTimeline } from './profile-timeline.tsx';
import { usePresetText } from './use-preset-text.ts';

/**
 * Shows one segment's succession profile on a timeline and the presets to
 * switch to. Choosing a preset creates a profile from it (or reuses the one
 * with the preset's name) and assigns it to the segment.
 */
export function SegmentProfileCard(props: {
  segment: Segment;
  presets: ProfilePreset[];
  profiles: Profile[];
}) {
  const { t } = useTranslation('wizard');
  const presetText = usePresetText();
  const createProfile = useCreateProfile();
  const updateSegment = useUpdateSegment();
  const current = props.profiles.find((profile) => profile.id === props.segment.profile.id);
  const matching = props.presets.find((preset) => preset.name === props.segment.profile.name);
  const [chosenKey, setChosenKey] = useState(
    matching?.key ?? props.presets.find((preset) => preset.key === 'standard')?.key ?? '',
  );
  const chosen = props.presets.find((preset) => preset.key === chosenKey);
  const isCurrent = chosen !== undefined && chosen.name === props.segment.profile.name;

  async function apply(preset: ProfilePreset) {
    const existing = props.profiles.find((profile) => profile.name === preset.name);
    const profile = existing ?? (await createProfile.mutateAsync({ preset: preset.key }));
    await updateSegment.mutateAsync({ id: props.segment.id, change: { profileId: profile.id } });
    notifications.show({
      color: 'teal',
      message: t('profiles.applied', {
        profile: presetText(preset).name,
        segment: props.segment.name,
      }),
    });
  }

  const error = createProfile.error ?? updateSegment.error;
  return (
    <Paper withBorder p="md" data-testid="segment-profile">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4}>{props.segment.name}</Title>
          {props.segment.isDefault && <Badge variant="light">{t('segments.default')}</Badge>}
        </Group>
        <Text size="sm">
          {t('profiles.current')}{' '}
          <b>{matching ? presetText(matching).name : props.segment.profile.name}</b>
        </Text>
      </Group>
      {current && !isCurrent && (
        <Stack gap={4} mb="md">
          <ProfileTimeline steps={current.steps} />
        </Stack>
      )}
      <Text size="sm" fw={600} mb={4}>
        {t('profiles.choosePreset')}
      </Text>
      <SegmentedControl
        data={props.presets.map((preset) => ({
          value: preset.key,
          label: presetText(preset).name,
        }))}
        value={chosenKey}
        onChange={setChosenKey}
        fullWidth
        mb="sm"
      />
      {chosen && (
        <Stack gap="sm">
          <Text size="sm">{presetText(chosen).description}</Text>
          <ProfileTimeline steps={chosen.steps} />
          <Group>
            {isCurrent ? (
              <Badge color="teal" size="lg" variant="light">
                {t('profiles.inUse')}
              </Badge>
            ) : (
              <Button
                onClick={() => void apply(chosen).catch(() => undefined)}
                loading={createProfile.isPending || updateSegment.isPending}
              >
                {t('profiles.apply', { profile: presetText(chosen).name })}
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {error && <LoadError error={error} />}
    </Paper>
  );
}
