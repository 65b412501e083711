import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { AgeingReport } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { HoldReason } from './hold-reason.tsx';

/** Lists the items of one currency's ageing that are on hold, with the reason of each. */
export function HeldInvoiceTable(props: { report: AgeingReport }) {
  const { t } = useTranslation('holds');
  const format = useFormat();
  const { report } = props;
  if (report.onHold.count === 0) {
    return null;
  }

  return (
    <Stack gap="xs" mt="md" data-testid={`held-invoices-${report.currency}`}>
      <Title order={5}>{t('ageing.heldTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('ageing.heldCount', {
          count: report.onHold.count,
          amount: format.money(report.onHold.amount, report.currency),
        })}{' '}
        {report.heldInvoices.length < report.onHold.count &&
          t('ageing.heldShown', { shown: format.number(report.heldInvoices.length) })}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table striped tabularNums verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('ageing.invoice')}</Table.Th>
              <Table.Th>{t('ageing.debtor')}</Table.Th>
              <Table.Th>{t('ageing.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('ageing.daysPastDue')}</Table.Th>
              <Table.Th ta="right">{t('ageing.open')}</Table.Th>
              <Table.Th>{t('ageing.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.heldInvoices.map((invoice) => (
              <Table.Tr key={invoice.id}>
                <Table.Td>{invoice.number}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/debtors/${invoice.debtor.id}`} size="sm">
                    {invoice.debtor.number} {invoice.debtor.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
                <Table.Td ta="right">{format.number(invoice.daysPastDue)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {format.money(invoice.open, report.currency)}
                </Table.Td>
                <Table.Td>
                  <HoldReason hold={invoice.hold} issueHold={invoice.issueHold} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
