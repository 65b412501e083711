import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHoldDebtor } from '../api/use-debtor-hold.ts';
import './date-input-setup.ts';
import { LoadError } from './load-error.tsx';

/** The maximum reason length the server accepts. */
const MAX_REASON_LENGTH = 500;

/**
 * Holds the debtor of a batch message from dunning, with a reason and an
 * optional last day. The server removes the debtor's pending messages from
 * every pending batch of the entity.
 */
export function HoldDebtorDialog(props: {
  batchId: string;
  debtor: { id: string; name: string };
  /** The entity's local today, 'YYYY-MM-DD': the earliest last day of a hold. */
  today: string;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation('dunningHold');
  const hold = useHoldDebtor();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const reasonError = showErrors && !reason.trim() ? t('dialog.reasonRequired') : undefined;

  function save() {
    setShowErrors(true);
    if (!reason.trim()) {
      return;
    }
    hold.mutate(
      {
        batchId: props.batchId,
        debtorId: props.debtor.id,
        reason: reason.trim(),
        ...(until ? { until } : {}),
      },
      {
        onSuccess: (held) => {
          notifications.show({
            color: 'green',
            message: t('dialog.saved', {
              debtor: props.debtor.name,
              count: held.removedMessageIds.length,
            }),
          });
          props.onClose();
        },
      },
    );
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={t('dialog.title', { debtor: props.debtor.name })}
      centered
      size="lg"
    >
      <Stack>
        <Text size="sm">{t('dialog.intro')}</Text>
        <Textarea
          label={t('dialog.reason')}
          placeholder={t('dialog.reasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={reasonError}
          maxLength={MAX_REASON_LENGTH}
          autosize
          minRows={2}
          required
          data-testid="hold-reason"
        />
        <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
          <DateInput
            label={t('dialog.until')}
            placeholder={t('dialog.untilPlaceholder')}
            description={t('dialog.untilHint')}
            value={until}
            onChange={setUntil}
            minDate={props.today}
            valueFormat="D MMMM YYYY"
            clearable
            data-testid="hold-until"
          />
        </DatesProvider>
        {hold.error && <LoadError error={hold.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button color="orange" onClick={save} loading={hold.isPending} data-testid="save-hold">
            {t('dialog.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
