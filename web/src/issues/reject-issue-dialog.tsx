import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRejectIssue, type IssueDetail } from '../api/use-issues.ts';
import { LoadError } from '../components/load-error.tsx';

/** Closes an issue as unfounded; the reason is required. */
export function RejectIssueDialog(props: { issue: IssueDetail; onClose(): void }) {
  const { t } = useTranslation('issues');
  const reject = useRejectIssue(props.issue.id);
  const [reason, setReason] = useState('');
  const [showErrors, setShowErrors] = useState(false);

  function save() {
    setShowErrors(true);
    if (reason.trim() === '') {
      return;
    }
    reject.mutate(reason.trim(), { onSuccess: props.onClose });
  }

  return (
    <Modal opened onClose={props.onClose} title={t('reject.title')} centered size="lg">
      <Stack>
        <Text size="sm">{t('reject.intro')}</Text>
        <Textarea
          label={t('reject.reason')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={showErrors && reason.trim() === '' ? t('reject.reasonRequired') : undefined}
          autosize
          minRows={3}
          maxLength={4000}
          required
        />
        {reject.error && <LoadError error={reject.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button
            color="red"
            onClick={save}
            loading={reject.isPending}
            data-testid="confirm-reject"
          >
            {t('reject.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
