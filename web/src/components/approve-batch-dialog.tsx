import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { BatchSummary } from '../api/types.ts';
import { useApproveBatch } from '../api/use-batches.ts';
import { useFormat } from '../format/use-format.ts';
import { LoadError } from './load-error.tsx';

/** Asks before the pending messages of a batch are approved and handed to sending. */
export function ApproveBatchDialog(props: {
  batch: BatchSummary;
  opened: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const approve = useApproveBatch();
  const totals = props.batch.totals.map((total) => format.money(total.amount, total.currency));

  function confirm() {
    approve.mutate(props.batch.id, {
      onSuccess: (result) => {
        // Without a job queue nothing is queued: the messages wait in the outbox.
        const message =
          result.queued > 0 ? t('approve.done', { count: result.queued }) : t('approve.doneOutbox');
        notifications.show({ color: 'green', message });
        props.onClose();
      },
    });
  }

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('approve.title')} centered>
      <Stack>
        <Text>
          {t('approve.question', {
            count: props.batch.messages.pending,
            totals: totals.join(' + '),
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('approve.explanation')}
        </Text>
        {approve.error && <LoadError error={approve.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('approve.cancel')}
          </Button>
          <Button onClick={confirm} loading={approve.isPending} data-testid="confirm-approve">
            {t('approve.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
