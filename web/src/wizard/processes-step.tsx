import { Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBusinessProcesses, useLoadProcessPresets } from '../api/use-business-processes.ts';
import { LoadError } from '../components/load-error.tsx';
import { CategoryTable } from './category-table.tsx';

/**
 * Business processes and their issue categories. The presets cover the usual
 * reasons for late payment; each category then gets its own settings.
 */
export function ProcessesStep() {
  const { t } = useTranslation('wizard');
  const processes = useBusinessProcesses();
  const loadPresets = useLoadProcessPresets();

  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Button
          variant={processes.data?.length === 0 ? 'filled' : 'light'}
          onClick={() => loadPresets.mutate()}
          loading={loadPresets.isPending}
        >
          {t('processes.loadPresets')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('processes.loadPresetsHelp')}
        </Text>
      </Group>
      {loadPresets.error && <LoadError error={loadPresets.error} />}
      {processes.isPending && (
        <Center py="md">
          <Loader />
        </Center>
      )}
      {processes.isError && <LoadError error={processes.error} />}
      {processes.data?.length === 0 && <Text size="sm">{t('processes.none')}</Text>}
      {processes.data?.map((process) => (
        <CategoryTable key={process.id} process={process} />
      ))}
    </Stack>
  );
}
