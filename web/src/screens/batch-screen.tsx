import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useBatch } from '../api/use-batches.ts';
import { ApproveBatchDialog } from '../components/approve-batch-dialog.tsx';
import { BatchMessageTable } from '../components/batch-message-table.tsx';
import { useCodeLabel } from '../components/code-label.ts';
import { LoadError } from '../components/load-error.tsx';
import { MessagePreviewModal } from '../components/message-preview-modal.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useFormat } from '../format/use-format.ts';

/** Shows one message batch: review the messages, preview or remove them, approve the rest. */
export function BatchScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();
  const { batchId = '' } = useParams();
  const details = useBatch(batchId);
  const [previewId, setPreviewId] = useState<string>();
  const [confirming, setConfirming] = useState(false);

  if (details.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (details.isError) {
    return <LoadError error={details.error} />;
  }

  const { batch, messages } = details.data;
  const totals = batch.totals
    .map((total) => format.money(total.amount, total.currency))
    .join(' + ');
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/batches" size="sm">
        {t('batch.back')}
      </Anchor>
      <PageTitle
        title={t('batch.title', {
          channel: label('channel', batch.channel),
          date: format.date(batch.runDate),
        })}
        subtitle={t('batch.subtitle', {
          count: batch.messages.total,
          entity: batch.entityCode,
          totals,
        })}
        actions={
          <>
            <StatusBadge status={batch.status} of="batch" />
            {batch.messages.pending > 0 && (
              <Button onClick={() => setConfirming(true)}>{t('batch.approve')}</Button>
            )}
          </>
        }
      />
      {batch.messages.approved > 0 && (
        <Alert color="indigo" data-testid="outbox-note">
          {t('batch.outboxNote', { count: batch.messages.approved })}
        </Alert>
      )}
      {batch.messages.sent > 0 && (
        <Group>
          <Text size="sm" c="green.8">
            {t('batch.sentNote', { count: batch.messages.sent })}
          </Text>
        </Group>
      )}
      <BatchMessageTable messages={messages} onPreview={setPreviewId} />
      <MessagePreviewModal messageId={previewId} onClose={() => setPreviewId(undefined)} />
      <ApproveBatchDialog batch={batch} opened={confirming} onClose={() => setConfirming(false)} />
    </Stack>
  );
}
