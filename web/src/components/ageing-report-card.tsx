import { Paper, SimpleGrid, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgeingReport } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { AgeingChart } from './ageing-chart.tsx';
import { HeldInvoiceTable } from './held-invoice-table.tsx';

/**
 * Shows the ageing of one currency: items and amount per bucket, credits
 * and total, the part of each on hold, and the list of items on hold.
 */
export function AgeingReportCard(props: { report: AgeingReport }) {
  const { t } = useTranslation();
  const { t: tHolds } = useTranslation('holds');
  const format = useFormat();
  const { report } = props;
  const rows = [
    ...report.buckets.map((bucket) => ({
      key: bucket.name,
      label: t(`ageing.bucket.${bucket.name}`),
      tally: bucket,
      onHold: bucket.onHold,
    })),
    { key: 'credits', label: t('ageing.credits'), tally: report.credits, onHold: null },
    { key: 'total', label: t('ageing.total'), tally: report.total, onHold: report.onHold },
  ];

  return (
    <Paper withBorder p="md" data-testid={`ageing-${report.currency}`}>
      <Title order={4} mb="sm">
        {t('ageing.currencyTitle', { currency: report.currency, date: format.date(report.date) })}
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Table tabularNums verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ageing.bucketColumn')}</Table.Th>
              <Table.Th ta="right">{t('ageing.items')}</Table.Th>
              <Table.Th ta="right">{t('ageing.amount')}</Table.Th>
              <Table.Th ta="right">{tHolds('ageing.onHoldColumn')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key} fw={row.key === 'total' ? 700 : undefined}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td ta="right">{format.number(row.tally.count)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {format.money(row.tally.amount, report.currency)}
                </Table.Td>
                <Table.Td ta="right" c="orange.9" style={{ whiteSpace: 'nowrap' }}>
                  {row.onHold && row.onHold.count > 0
                    ? format.money(row.onHold.amount, report.currency)
                    : '–'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <AgeingChart report={report} />
      </SimpleGrid>
      <HeldInvoiceTable report={report} />
    </Paper>
  );
}
