import { Anchor, Stack, Table, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { BatchSummary } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { useCodeLabel } from './code-label.ts';
import { StatusBadge } from './status-badge.tsx';

/** Message batches with their message counts by status; a row opens the batch. */
export function BatchTable(props: { batches: BatchSummary[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();
  const navigate = useNavigate();

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table
        highlightOnHover
        striped
        tabularNums
        verticalSpacing="xs"
        layout="fixed"
        data-testid="batch-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="16%">{t('batches.runDate')}</Table.Th>
            <Table.Th w="12%">{t('batches.channel')}</Table.Th>
            <Table.Th w="20%">{t('batches.status')}</Table.Th>
            <Table.Th w="10%" ta="right">
              {t('batches.messages')}
            </Table.Th>
            <Table.Th>{t('batches.progress')}</Table.Th>
            <Table.Th w="14%" ta="right">
              {t('batches.total')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.batches.map((batch) => (
            <Table.Tr
              key={batch.id}
              onClick={() => navigate(`/batches/${batch.id}`)}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Anchor component={Link} to={`/batches/${batch.id}`} size="sm">
                  {format.date(batch.runDate)}
                </Anchor>
              </Table.Td>
              <Table.Td>{label('channel', batch.channel)}</Table.Td>
              <Table.Td>
                <StatusBadge status={batch.status} of="batch" />
              </Table.Td>
              <Table.Td ta="right">{format.number(batch.messages.total)}</Table.Td>
              <Table.Td>
                <Text size="sm">{describeCounts(t, batch.messages)}</Text>
              </Table.Td>
              <Table.Td ta="right">
                <Stack gap={0}>
                  {batch.totals.map((total) => (
                    <Text key={total.currency} size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(total.amount, total.currency)}
                    </Text>
                  ))}
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const countedStatuses = ['pending', 'approved', 'sent', 'failed', 'removed'] as const;

/** "2 to review · 1 sent": the statuses that have messages, in workflow order. */
function describeCounts(t: TFunction, counts: BatchSummary['messages']): string {
  return countedStatuses
    .filter((status) => counts[status] > 0)
    .map((status) => t(`batches.count.${status}`, { count: counts[status] }))
    .join(' · ');
}
