import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { IssueSummary } from '../api/use-issues.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { IssueDeadline } from './issue-deadline.tsx';
import { useLocalizedName } from './issue-labels.ts';
import { IssueStatusBadge } from './issue-status-badge.tsx';

/** Lists issues with their deadline; the number and the debtor link to the issue. */
export function IssueTable(props: { issues: IssueSummary[]; today: string; showDebtor?: boolean }) {
  const { t } = useTranslation('issues');
  const nameOf = useLocalizedName();
  const showDebtor = props.showDebtor ?? true;

  return (
    <Table.ScrollContainer minWidth={showDebtor ? 980 : 760}>
      <Table striped highlightOnHover tabularNums verticalSpacing="xs" data-testid="issue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('column.number')}</Table.Th>
            {showDebtor && <Table.Th>{t('column.debtor')}</Table.Th>}
            <Table.Th>{t('column.category')}</Table.Th>
            <Table.Th>{t('column.status')}</Table.Th>
            <Table.Th>{t('column.handledBy')}</Table.Th>
            <Table.Th>{t('column.deadline')}</Table.Th>
            <Table.Th ta="right">{t('column.openAmount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.issues.map((issue) => (
            <Table.Tr key={issue.id} data-issue-number={issue.number}>
              <Table.Td>
                <Anchor component={Link} to={`/issues/${issue.id}`} size="sm" fw={500}>
                  {t('number', { number: issue.number })}
                </Anchor>
              </Table.Td>
              {showDebtor && (
                <Table.Td>
                  <Anchor component={Link} to={`/issues/${issue.id}`} size="sm">
                    {issue.debtor.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {issue.debtor.number}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{nameOf(issue.category)}</Text>
                <Text size="xs" c="dimmed">
                  {issue.wholeDebtor
                    ? t('scopeWholeDebtor')
                    : t('scopeInvoices', { count: issue.invoiceCount })}
                </Text>
              </Table.Td>
              <Table.Td>
                <IssueStatusBadge status={issue.status} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{issue.department?.name ?? t('noDepartment')}</Text>
                <Text size="xs" c="dimmed">
                  {issue.assignee?.name ?? t('unassigned')}
                </Text>
              </Table.Td>
              <Table.Td>
                <IssueDeadline
                  deadline={issue.deadline}
                  overdue={issue.overdue}
                  today={props.today}
                />
              </Table.Td>
              <AmountCell amount={issue.openTotal} currency={issue.currency} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
