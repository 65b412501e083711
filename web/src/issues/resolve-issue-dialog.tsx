import { Button, Checkbox, Group, Modal, Radio, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  issueOutcomes,
  useResolveIssue,
  type IssueDetail,
  type IssueOutcome,
} from '../api/use-issues.ts';
import { LoadError } from '../components/load-error.tsx';

/** Closes an issue with an outcome and an explanation; the server refuses an empty one. */
export function ResolveIssueDialog(props: { issue: IssueDetail; onClose(): void }) {
  const { t } = useTranslation('issues');
  const resolve = useResolveIssue(props.issue.id);
  const [outcome, setOutcome] = useState<IssueOutcome | null>(null);
  const [creditNoteExpected, setCreditNoteExpected] = useState(false);
  const [resolution, setResolution] = useState('');
  const [showErrors, setShowErrors] = useState(false);

  function save() {
    setShowErrors(true);
    if (!outcome || resolution.trim() === '') {
      return;
    }
    resolve.mutate(
      { outcome, creditNoteExpected, resolution: resolution.trim() },
      { onSuccess: props.onClose },
    );
  }

  return (
    <Modal opened onClose={props.onClose} title={t('resolve.title')} centered size="lg">
      <Stack>
        <Radio.Group
          label={t('resolve.outcome')}
          value={outcome}
          onChange={(value) => setOutcome(value as IssueOutcome)}
          error={showErrors && !outcome ? t('resolve.outcomeRequired') : undefined}
          required
        >
          <Stack gap="xs" mt="xs">
            {issueOutcomes.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`outcome.${value}`)}
                description={t(`resolve.hint.${value}`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Checkbox
          label={t('resolve.creditNoteExpected')}
          description={t('resolve.creditNoteExpectedHint')}
          checked={creditNoteExpected}
          onChange={(event) => setCreditNoteExpected(event.currentTarget.checked)}
        />
        <Textarea
          label={t('resolve.resolution')}
          placeholder={t('resolve.resolutionPlaceholder')}
          value={resolution}
          onChange={(event) => setResolution(event.currentTarget.value)}
          error={
            showErrors && resolution.trim() === '' ? t('resolve.resolutionRequired') : undefined
          }
          autosize
          minRows={3}
          maxLength={4000}
          required
        />
        {resolve.error && <LoadError error={resolve.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('dialog.cancel')}
          </Button>
          <Button onClick={save} loading={resolve.isPending} data-testid="confirm-resolve">
            {t('resolve.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
