import { Badge, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { AmountCell } from './amount-cell.tsx';
import { useCodeLabel } from './code-label.ts';
import { HoldReason } from './hold-reason.tsx';

/**
 * Lists a debtor's open invoices and credit notes with their holds (import
 * hold code or issue) and the steps they reached.
 */
export function InvoiceTable(props: {
  invoices: DebtorInvoice[];
  /** An extra last column, such as the stored invoice copies of the debtor card. */
  copyColumn?: { title: string; render(invoice: DebtorInvoice): ReactNode };
}) {
  const { t } = useTranslation();
  const format = useFormat();

  if (props.invoices.length === 0) {
    return <Text c="dimmed">{t('debtorCard.noInvoices')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped tabularNums verticalSpacing="xs" data-testid="invoice-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoice.number')}</Table.Th>
            <Table.Th>{t('invoice.invoiceDate')}</Table.Th>
            <Table.Th>{t('invoice.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
            <Table.Th ta="right">{t('invoice.open')}</Table.Th>
            <Table.Th ta="right">{t('invoice.daysPastDue')}</Table.Th>
            <Table.Th>{t('invoice.steps')}</Table.Th>
            {props.copyColumn && <Table.Th>{props.copyColumn.title}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm">{invoice.number}</Text>
                  {invoice.kind === 'credit_note' && (
                    <Badge size="xs" variant="outline">
                      {t('invoice.creditNote')}
                    </Badge>
                  )}
                  {(invoice.hold || invoice.issueHold) && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('invoice.onHold')}
                    </Badge>
                  )}
                </Group>
                <HoldReason hold={invoice.hold} issueHold={invoice.issueHold} />
              </Table.Td>
              <Table.Td>{format.date(invoice.invoiceDate)}</Table.Td>
              <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
              <AmountCell amount={invoice.amount} currency={invoice.currency} />
              <AmountCell amount={invoice.open} currency={invoice.currency} strong />
              <Table.Td ta="right" c={invoice.daysPastDue > 0 ? 'red.7' : 'dimmed'}>
                {format.number(invoice.daysPastDue)}
              </Table.Td>
              <Table.Td>
                <StepsReached steps={invoice.steps} />
              </Table.Td>
              {props.copyColumn && <Table.Td>{props.copyColumn.render(invoice)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StepsReached(props: { steps: DebtorInvoice['steps'] }) {
  const format = useFormat();
  const label = useCodeLabel();

  if (props.steps.length === 0) {
    return <Text c="dimmed">–</Text>;
  }
  return (
    <Group gap={4}>
      {props.steps.map((step) => (
        <Badge
          key={step.step}
          size="sm"
          variant="light"
          color="teal"
          style={{ textTransform: 'none' }}
        >
          {label('stepName', step.step)} · {format.date(step.reachedOn)}
        </Badge>
      ))}
    </Group>
  );
}
