import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebtorCard } from '../api/use-debtors.ts';
import { useIssues } from '../api/use-issues.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { IssueTable } from './issue-table.tsx';
import { RegisterIssueDialog } from './register-issue-dialog.tsx';

/**
 * The issues of one debtor on its customer card, open ones first by
 * deadline, with the button that registers a new issue. It reads the
 * debtor from the card's own query, which the card screen has loaded.
 */
export function DebtorIssuesPanel(props: { debtorId: string }) {
  const { t } = useTranslation('issues');
  const access = useAccess();
  const { entities } = useEntity();
  const card = useDebtorCard(props.debtorId);
  const [registering, setRegistering] = useState(false);
  const debtor = card.data?.debtor;
  const issues = useIssues(
    {
      entity: debtor?.entityCode ?? '',
      debtorId: props.debtorId,
      status: 'all',
      limit: 100,
    },
    { enabled: debtor !== undefined },
  );

  if (!debtor) {
    return null;
  }
  const entity = entities.find((candidate) => candidate.code === debtor.entityCode);
  const today = todayIn(entity?.timeZone ?? 'UTC');
  const listed = [...(issues.data?.issues ?? [])].sort(
    (a, b) => Number(b.closedOn === null) - Number(a.closedOn === null),
  );

  return (
    <Stack gap="xs" data-testid="debtor-issues">
      <Group justify="space-between">
        <Title order={3}>{t('panel.title')}</Title>
        {access.can('issues.manage') && (
          <Button size="sm" onClick={() => setRegistering(true)} data-testid="register-issue">
            {t('panel.register')}
          </Button>
        )}
      </Group>
      {issues.isError && <LoadError error={issues.error} />}
      {issues.data && listed.length === 0 && <Text c="dimmed">{t('panel.none')}</Text>}
      {listed.length > 0 && <IssueTable issues={listed} today={today} showDebtor={false} />}
      {registering && card.data && (
        <RegisterIssueDialog
          entityCode={debtor.entityCode}
          debtor={debtor}
          invoices={card.data.invoices}
          onClose={() => setRegistering(false)}
        />
      )}
    </Stack>
  );
}
