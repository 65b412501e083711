import { Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useBatches } from '../api/use-batches.ts';
import { BatchTable } from '../components/batch-table.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';

/** Today's message batches of the entity first, then the open and recent ones. */
export function BatchListScreen() {
  const { t } = useTranslation();
  const { entity } = useEntity();
  const batches = useBatches(entity.code);

  if (batches.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (batches.isError) {
    return <LoadError error={batches.error} />;
  }

  const today = todayIn(entity.timeZone);
  const todays = batches.data.filter((batch) => batch.runDate === today);
  const earlier = batches.data.filter((batch) => batch.runDate !== today);
  return (
    <Stack gap="md">
      <PageTitle title={t('batches.title')} subtitle={t('batches.subtitle')} />
      <Title order={4}>{t('batches.today')}</Title>
      {todays.length === 0 ? (
        <Text c="dimmed">{t('batches.noneToday')}</Text>
      ) : (
        <BatchTable batches={todays} />
      )}
      <Title order={4}>{t('batches.recent')}</Title>
      {earlier.length === 0 ? (
        <Text c="dimmed">{t('batches.noneRecent')}</Text>
      ) : (
        <BatchTable batches={earlier} />
      )}
    </Stack>
  );
}
