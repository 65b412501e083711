import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { AmountCell } from './amount-cell.tsx';
import { useCodeLabel } from './code-label.ts';

/** Lists a debtor's open invoices and credit notes with their hold and the steps they reached. */
export function InvoiceTable(props: { invoices: DebtorInvoice[] }) {
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
                  {invoice.hold && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('invoice.onHold')}
                    </Badge>
                  )}
                </Group>
                {invoice.hold && <HoldReason hold={invoice.hold} />}
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
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Shows why the invoice is kept out of dunning, and until when if the hold ends by itself. */
function HoldReason(props: { hold: NonNullable<DebtorInvoice['hold']> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { reason, until } = props.hold;

  return (
    <Text size="xs" c="orange.9" maw={260}>
      {until ? t('invoice.holdReasonUntil', { reason, date: format.date(until) }) : reason}
    </Text>
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
