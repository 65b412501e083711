import { Alert, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useEntities } from '../../api/use-entities.ts';
import type { Provisioning } from '../../api/use-provisioning.ts';
import { useFormat } from '../../format/use-format.ts';
import { EntityReview } from './entity-review.tsx';
import { GoLiveDialog } from './go-live-dialog.tsx';

/**
 * Shows what the first dunning run would send for each entity, computed as a
 * dry run, and the go-live button. Before go-live every run is a dry run.
 */
export function ReviewStep(props: { provisioning: Provisioning }) {
  const { t } = useTranslation('wizard');
  const format = useFormat();
  const entities = useEntities();
  const [confirming, setConfirming] = useState(false);
  const { live, liveSince, goLiveProblems } = props.provisioning;

  return (
    <Stack gap="lg">
      {(entities.data ?? []).map((entity) => (
        <EntityReview key={entity.id} entity={entity} />
      ))}
      {entities.data?.length === 0 && <Text size="sm">{t('review.noEntities')}</Text>}

      <Paper withBorder p="md" bg={live ? 'teal.0' : 'yellow.0'}>
        {live ? (
          <Stack gap="sm" data-testid="live-done">
            <Title order={4}>{t('review.liveTitle')}</Title>
            <Text size="sm">
              {t('review.liveText', {
                date: liveSince ? format.date(liveSince.slice(0, 10)) : '',
              })}
            </Text>
            <Group>
              <Button component={Link} to="/batches" variant="light">
                {t('review.toBatches')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Title order={4}>{t('review.goLiveTitle')}</Title>
            <Text size="sm">{t('review.goLiveText')}</Text>
            {goLiveProblems.length > 0 && (
              <Alert color="red" title={t('review.problemsTitle')} data-testid="go-live-problems">
                <List size="sm">
                  {goLiveProblems.map((problem) => (
                    <List.Item key={problem.key}>{t(`review.problem.${problem.key}`)}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            <Group>
              <Button
                color="teal"
                onClick={() => setConfirming(true)}
                disabled={goLiveProblems.length > 0}
                data-testid="go-live"
              >
                {t('review.goLive')}
              </Button>
            </Group>
          </Stack>
        )}
      </Paper>
      {!live && <GoLiveDialog opened={confirming} onClose={() => setConfirming(false)} />}
      {live && (
        <Alert color="teal" variant="outline">
          {t('review.afterLive')}
        </Alert>
      )}
    </Stack>
  );
}
