import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { BatchMessage, BatchSummary } from '../api/types.ts';
import { useBatch } from '../api/use-batches.ts';
import { usePermission } from '../api/use-session.ts';
import { ApproveBatchDialog } from '../components/approve-batch-dialog.tsx';
import { BatchMessageTable } from '../components/batch-message-table.tsx';
import { HoldDebtorDialog } from '../components/hold-debtor-dialog.tsx';
import { useCodeLabel } from '../components/code-label.ts';
import { LoadError } from '../components/load-error.tsx';
import { MessagePreviewModal } from '../components/message-preview-modal.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { useFormat } from '../format/use-format.ts';

/**
 * Shows one message batch: review the messages, preview or remove them, hold
 * a debtor from dunning (pending batches, with dunning.manage), approve the rest.
 */
export function BatchScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();
  const { batchId = '' } = useParams();
  const details = useBatch(batchId);
  const [previewId, setPreviewId] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [holding, setHolding] = useState<BatchMessage | null>(null);
  const canHold = usePermission('dunning.manage');
  const { entities } = useEntity();

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
        subtitle={describeBatch(t, batch, totals)}
        actions={
          <>
            <StatusBadge status={batch.status} of="batch" />
            {batch.channel === 'letter' && batch.messages.total > batch.messages.removed && (
              <Button
                component="a"
                href={`/api/batches/${batch.id}/letters.pdf`}
                target="_blank"
                rel="noopener"
                variant="default"
              >
                {t('batch.printLetters')}
              </Button>
            )}
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
      <BatchMessageTable
        messages={messages}
        onPreview={setPreviewId}
        {...(canHold && batch.status === 'pending' ? { onHold: setHolding } : {})}
      />
      {holding && (
        <HoldDebtorDialog
          batchId={batch.id}
          debtor={holding.debtor}
          today={todayIn(
            entities.find((entity) => entity.code === batch.entityCode)?.timeZone ?? 'UTC',
          )}
          onClose={() => setHolding(null)}
        />
      )}
      <MessagePreviewModal messageId={previewId} onClose={() => setPreviewId(undefined)} />
      <ApproveBatchDialog batch={batch} opened={confirming} onClose={() => setConfirming(false)} />
    </Stack>
  );
}

/**
 * Describes the batch's messages and their total. The total leaves removed
 * messages out, so with removed messages the line states which messages it adds up.
 */
function describeBatch(t: TFunction, batch: BatchSummary, totals: string): string {
  const { total, removed } = batch.messages;
  if (removed === 0) {
    return t('batch.subtitle', { count: total, entity: batch.entityCode, totals });
  }
  return t('batch.subtitleWithRemoved', {
    count: total - removed,
    total,
    removed,
    entity: batch.entityCode,
    totals,
  });
}
