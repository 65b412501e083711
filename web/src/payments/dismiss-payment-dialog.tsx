import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/load-error.tsx';
import { PaymentSummary } from './payment-summary.tsx';
import { useDismissPayment, type PaymentItem } from './use-payments.ts';

/** The maximum reason length the server accepts. */
const MAX_REASON_LENGTH = 500;

/**
 * Takes a payment off the queue without allocating it, with a reason such
 * as a refund to make or money that is no receivable.
 */
export function DismissPaymentDialog(props: { payment: PaymentItem; onClose(): void }) {
  const { t } = useTranslation('payments');
  const dismiss = useDismissPayment();
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);

  function save() {
    setShowErrors(true);
    if (!reason.trim()) {
      return;
    }
    dismiss.mutate(
      { paymentId: props.payment.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('dismiss.done') });
          props.onClose();
        },
      },
    );
  }

  return (
    <Modal opened onClose={props.onClose} title={t('dismiss.title')} size="lg" centered>
      <Stack>
        <PaymentSummary payment={props.payment} />
        <Text size="sm">{t('dismiss.intro')}</Text>
        <Textarea
          label={t('dismiss.reason')}
          placeholder={t('dismiss.reasonPlaceholder')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={showErrors && !reason.trim() ? t('dismiss.reasonRequired') : undefined}
          maxLength={MAX_REASON_LENGTH}
          autosize
          minRows={2}
          required
          data-testid="dismiss-reason"
        />
        {dismiss.error && <LoadError error={dismiss.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button
            color="orange"
            onClick={save}
            loading={dismiss.isPending}
            data-testid="save-dismiss"
          >
            {t('dismiss.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
