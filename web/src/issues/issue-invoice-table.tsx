import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IssueInvoice } from '../api/use-issues.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { useFormat } from '../format/use-format.ts';

export function IssueInvoiceTable(props: { invoices: IssueInvoice[] }) {
  const { t } = useTranslation('issues');
  const format = useFormat();

  if (props.invoices.length === 0) {
    return <Text c="dimmed">{t('invoices.none')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped tabularNums verticalSpacing="xs" data-testid="issue-invoices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoices.number')}</Table.Th>
            <Table.Th>{t('invoices.invoiceDate')}</Table.Th>
            <Table.Th>{t('invoices.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('invoices.amount')}</Table.Th>
            <Table.Th ta="right">{t('invoices.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>{invoice.number}</Table.Td>
              <Table.Td>{format.date(invoice.invoiceDate)}</Table.Td>
              <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
              <AmountCell amount={invoice.amount} currency={invoice.currency} />
              <AmountCell amount={invoice.open} currency={invoice.currency} strong />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
