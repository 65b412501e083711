import { Alert, Center, Loader, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHome, type HomeOverview } from '../api/use-home.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { BatchesCard } from './batches-card.tsx';
import { CallsCard } from './calls-card.tsx';
import { EscalatedIssuesCard } from './escalated-issues-card.tsx';
import { IssuesCard } from './issues-card.tsx';
import { PromisesCard } from './promises-card.tsx';

type Scope = 'entity' | 'all';

/**
 * Shows the start screen: the day's work of the signed-in user, one card per
 * section that the user's permissions include. It shows the chosen entity,
 * or all the user's entities at once when they have more than one.
 */
export function HomeScreen() {
  const { t, i18n } = useTranslation('home');
  const { entity, entities, selectEntity } = useEntity();
  const [scope, setScope] = useState<Scope>('entity');
  const home = useHome(scope === 'all' ? undefined : entity.code);
  const today =
    home.data?.days.find((day) => day.entityCode === entity.code)?.today ??
    todayIn(entity.timeZone);
  const longDate = new Intl.DateTimeFormat(i18n.resolvedLanguage ?? 'en', {
    dateStyle: 'full',
    timeZone: 'UTC',
  }).format(Date.parse(`${today}T00:00:00Z`));

  return (
    <Stack gap="md">
      <PageTitle
        title={t('title')}
        subtitle={
          scope === 'all'
            ? t('subtitleAll', { date: longDate })
            : t('subtitleEntity', { date: longDate, entity: entity.name })
        }
        actions={
          entities.length > 1 && (
            <SegmentedControl
              aria-label={t('scope.label')}
              value={scope}
              onChange={(value) => setScope(value as Scope)}
              data={[
                { value: 'entity', label: entity.code },
                { value: 'all', label: t('scope.all') },
              ]}
            />
          )
        }
      />
      {home.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {home.isError && <LoadError error={home.error} />}
      {home.data && (
        <HomeSections
          home={home.data}
          showEntity={scope === 'all' && entities.length > 1}
          onOpenCallList={(entityCode) => selectEntity(entityCode)}
        />
      )}
    </Stack>
  );
}

function HomeSections(props: {
  home: HomeOverview;
  showEntity: boolean;
  onOpenCallList: (entityCode: string) => void;
}) {
  const { t } = useTranslation('home');
  const { home, showEntity } = props;
  const todayByEntity = new Map(home.days.map((day) => [day.entityCode, day.today]));
  const todayOf = (entityCode: string) => todayByEntity.get(entityCode) ?? '';
  const counts = Object.values(home.counts);
  const firstCall = home.callTasksDue?.[0];

  if (counts.length === 0) {
    return <Text c="dimmed">{t('noSections')}</Text>;
  }
  return (
    <Stack gap="md">
      {counts.every((count) => count === 0) && (
        <Alert color="teal" variant="light" data-testid="home-all-done">
          {t('allDone')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {home.batchesToApprove && (
          <BatchesCard
            batches={home.batchesToApprove}
            count={home.counts.batchesToApprove ?? 0}
            showEntity={showEntity}
          />
        )}
        {home.callTasksDue && (
          <CallsCard
            tasks={home.callTasksDue}
            count={home.counts.callsDue ?? 0}
            showEntity={showEntity}
            todayOf={todayOf}
            // The call list shows one entity, so with all entities shown it opens on the first call's.
            onOpenCallList={() => firstCall && props.onOpenCallList(firstCall.entityCode)}
          />
        )}
        {home.promisesDue && (
          <PromisesCard
            promises={home.promisesDue}
            count={home.counts.promisesDue ?? 0}
            showEntity={showEntity}
            todayOf={todayOf}
          />
        )}
        {home.issuesPastDeadline && (
          <IssuesCard
            issues={home.issuesPastDeadline}
            count={home.counts.issuesPastDeadline ?? 0}
            showEntity={showEntity}
            todayOf={todayOf}
          />
        )}
        {home.escalatedIssues && (
          <EscalatedIssuesCard
            issues={home.escalatedIssues}
            count={home.counts.escalatedIssues ?? 0}
            showEntity={showEntity}
          />
        )}
      </SimpleGrid>
    </Stack>
  );
}
