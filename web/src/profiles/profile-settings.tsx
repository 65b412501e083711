import { Badge, Group, NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ProfileDraft } from './profile-draft.ts';
import type { EditableProfile } from './use-profile-editor.ts';

/** Edits a profile's name and escalation, and lists the segments that use it. */
export function ProfileSettings(props: {
  draft: ProfileDraft;
  profile: EditableProfile;
  otherProfiles: EditableProfile[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange(changes: Partial<ProfileDraft>): void;
}) {
  const { t } = useTranslation('profiles');
  const { draft, errors, readOnly } = props;

  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={t('settings.name')}
          value={draft.name}
          maxLength={100}
          readOnly={readOnly}
          error={errors.name}
          onChange={(event) => props.onChange({ name: event.currentTarget.value })}
        />
        <Select
          label={t('settings.stricterProfile')}
          description={t('settings.stricterProfileHelp')}
          placeholder={t('settings.noEscalation')}
          data={props.otherProfiles.map((profile) => ({ value: profile.id, label: profile.name }))}
          value={draft.stricterProfileId}
          clearable
          readOnly={readOnly}
          error={errors.stricterProfileId}
          onChange={(value) =>
            props.onChange({
              stricterProfileId: value,
              brokenPromisesThreshold: value === null ? null : (draft.brokenPromisesThreshold ?? 2),
            })
          }
        />
        <NumberInput
          label={t('settings.threshold')}
          description={t('settings.thresholdHelp')}
          value={draft.brokenPromisesThreshold ?? ''}
          min={1}
          max={50}
          allowDecimal={false}
          disabled={draft.stricterProfileId === null}
          readOnly={readOnly}
          error={errors.brokenPromisesThreshold}
          onChange={(value) =>
            props.onChange({ brokenPromisesThreshold: typeof value === 'number' ? value : null })
          }
        />
      </SimpleGrid>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          {t('settings.segments')}
        </Text>
        {props.profile.segments.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('settings.noSegments')}
          </Text>
        ) : (
          props.profile.segments.map((segment) => (
            <Badge key={segment.id} variant="light">
              {segment.name}
            </Badge>
          ))
        )}
      </Group>
    </>
  );
}
