import { Center, Loader, Stack } from '@mantine/core';
import { useProfilePresets, useProfiles, useSegments } from '../../api/use-segments.ts';
import { LoadError } from '../../components/load-error.tsx';
import { SegmentProfileCard } from './segment-profile-card.tsx';

/** Shows a card per segment to choose its succession profile from the presets. */
export function ProfilesStep() {
  const segments = useSegments();
  const presets = useProfilePresets();
  const profiles = useProfiles();
  const error = segments.error ?? presets.error ?? profiles.error;

  if (error) {
    return <LoadError error={error} />;
  }
  if (!segments.data || !presets.data || !profiles.data) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  return (
    <Stack gap="lg">
      {segments.data.map((segment) => (
        <SegmentProfileCard
          key={segment.id}
          segment={segment}
          presets={presets.data}
          profiles={profiles.data}
        />
      ))}
    </Stack>
  );
}
