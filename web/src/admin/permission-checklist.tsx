import { Checkbox, Code, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PermissionDescription } from '../api/types.ts';
import { usePermissionLabels } from './permission-labels.ts';

/**
 * Checkboxes for the permissions that GET /api/permissions lists, in the
 * server's order, each with its name as the API and CLI spell it. Permissions
 * outside `selectable`, such as those the user does not hold, show but cannot
 * be ticked.
 */
export function PermissionChecklist(props: {
  permissions: PermissionDescription[];
  value: string[];
  onChange(value: string[]): void;
  selectable?: ReadonlySet<string>;
  /** False where a heading above already names the list. */
  withLabel?: boolean;
}) {
  const { t } = useTranslation('users');
  const labels = usePermissionLabels();

  function toggle(name: string, checked: boolean) {
    const chosen = new Set(props.value);
    if (checked) {
      chosen.add(name);
    } else {
      chosen.delete(name);
    }
    // Keep the server's order, so the saved list reads the same as the checklist.
    props.onChange(props.permissions.map((p) => p.name).filter((p) => chosen.has(p)));
  }

  return (
    <Stack gap="xs" data-testid="permission-checklist">
      {props.withLabel !== false && (
        <Text size="sm" fw={500}>
          {t('permissionChecklist.label')}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        {props.permissions.map((permission) => (
          <Checkbox
            key={permission.name}
            value={permission.name}
            label={
              <Group gap={6} wrap="nowrap">
                <span>{labels.name(permission.name)}</span>
                <Code fz="xs">{permission.name}</Code>
              </Group>
            }
            description={labels.description(permission)}
            checked={props.value.includes(permission.name)}
            disabled={props.selectable !== undefined && !props.selectable.has(permission.name)}
            onChange={(event) => toggle(permission.name, event.currentTarget.checked)}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
