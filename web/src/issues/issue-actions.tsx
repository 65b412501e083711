import { Button, Group, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  closedIssueStatuses,
  useReopenIssue,
  useUpdateIssue,
  type IssueDetail,
} from '../api/use-issues.ts';
import { LoadError } from '../components/load-error.tsx';
import { RejectIssueDialog } from './reject-issue-dialog.tsx';
import { ResolveIssueDialog } from './resolve-issue-dialog.tsx';

/**
 * The status changes the issue allows: an open issue can move between its
 * open statuses, be resolved or be rejected; a closed issue can be reopened.
 */
export function IssueActions(props: { issue: IssueDetail }) {
  const { t } = useTranslation('issues');
  const { issue } = props;
  const update = useUpdateIssue(issue.id);
  const reopen = useReopenIssue(issue.id);
  const [dialog, setDialog] = useState<'resolve' | 'reject' | null>(null);
  const closed = (closedIssueStatuses as readonly string[]).includes(issue.status);
  const error = update.error ?? reopen.error;

  if (closed) {
    return (
      <Stack gap="xs">
        <Group gap="sm">
          <Button variant="default" onClick={() => reopen.mutate()} loading={reopen.isPending}>
            {t('action.reopen')}
          </Button>
        </Group>
        {error && <LoadError error={error} />}
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <Group gap="sm">
        {issue.status !== 'in_progress' && (
          <Button
            variant="default"
            onClick={() => update.mutate({ status: 'in_progress' })}
            loading={update.isPending && update.variables.status === 'in_progress'}
          >
            {issue.status === 'new' ? t('action.start') : t('action.resume')}
          </Button>
        )}
        {issue.status !== 'waiting_for_debtor' && (
          <Button
            variant="default"
            onClick={() => update.mutate({ status: 'waiting_for_debtor' })}
            loading={update.isPending && update.variables.status === 'waiting_for_debtor'}
          >
            {t('action.waitForDebtor')}
          </Button>
        )}
        <Button color="red" variant="light" onClick={() => setDialog('reject')}>
          {t('action.reject')}
        </Button>
        <Button onClick={() => setDialog('resolve')}>{t('action.resolve')}</Button>
      </Group>
      {error && <LoadError error={error} />}
      {dialog === 'resolve' && <ResolveIssueDialog issue={issue} onClose={() => setDialog(null)} />}
      {dialog === 'reject' && <RejectIssueDialog issue={issue} onClose={() => setDialog(null)} />}
    </Stack>
  );
}
