import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useGoLive, useUpdateProvisioning } from '../../api/use-provisioning.ts';
import { LoadError } from '../../components/load-error.tsx';

/** Asks before the organisation goes live; going live cannot be undone in the app. */
export function GoLiveDialog(props: { opened: boolean; onClose(): void }) {
  const { t } = useTranslation('wizard');
  const goLive = useGoLive();
  const update = useUpdateProvisioning();

  function confirm() {
    goLive.mutate(undefined, {
      onSuccess: () => {
        update.mutate({ completedStep: 'review' });
        notifications.show({ color: 'teal', message: t('review.wentLive') });
        props.onClose();
      },
    });
  }

  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('review.confirmTitle')} centered>
      <Stack>
        <Text size="sm">{t('review.confirmIntro')}</Text>
        <List size="sm" spacing={4}>
          <List.Item>{t('review.confirmRuns')}</List.Item>
          <List.Item>{t('review.confirmApproval')}</List.Item>
          <List.Item>{t('review.confirmFinal')}</List.Item>
        </List>
        {goLive.error && <LoadError error={goLive.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('review.cancel')}
          </Button>
          <Button
            color="teal"
            onClick={confirm}
            loading={goLive.isPending}
            data-testid="confirm-go-live"
          >
            {t('review.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
