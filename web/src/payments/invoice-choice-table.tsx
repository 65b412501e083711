import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AmountCell } from '../components/amount-cell.tsx';
import { useFormat } from '../format/use-format.ts';
import type { InvoiceChoice, SuggestionReason } from './use-payments.ts';

/** Open invoices to choose from, with why each was suggested; chosen ones cannot be added again. */
export function InvoiceChoiceTable(props: {
  invoices: (InvoiceChoice & { reasons?: SuggestionReason[] })[];
  chosen: ReadonlySet<string>;
  onAdd(invoice: InvoiceChoice): void;
  testId: string;
}) {
  const { t } = useTranslation('payments');
  const format = useFormat();

  return (
    <Table tabularNums verticalSpacing={4} data-testid={props.testId}>
      <Table.Tbody>
        {props.invoices.map((invoice) => (
          <Table.Tr key={invoice.invoiceId} data-invoice={invoice.number}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {invoice.number}
              </Text>
              <Text size="xs" c="dimmed">
                {t('allocation.debtor', {
                  number: invoice.debtor.number,
                  name: invoice.debtor.name,
                })}
              </Text>
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              <Text size="xs" c="dimmed">
                {t('allocation.due', { date: format.date(invoice.dueDate) })}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {invoice.reasons?.map((reason) => (
                  <Badge key={reason} size="xs" variant="light">
                    {t(`reasons.${reason}`)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <AmountCell amount={invoice.open} currency={invoice.currency} />
            <Table.Td ta="right" w={90}>
              <Button
                size="compact-xs"
                variant="light"
                disabled={props.chosen.has(invoice.invoiceId)}
                onClick={() => props.onAdd(invoice)}
                data-testid="add-invoice"
              >
                {t('allocation.add')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
