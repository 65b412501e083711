import { CloseButton, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AmountCell } from '../components/amount-cell.tsx';
import type { CheckedDraft, DraftLine } from './allocation-draft.ts';

/** Lists the chosen invoices with an amount field each. A field shows its problem under it. */
export function AllocationLines(props: {
  lines: DraftLine[];
  checked: CheckedDraft;
  onChange(invoiceId: string, text: string): void;
  onRemove(invoiceId: string): void;
}) {
  const { t } = useTranslation('payments');

  if (props.lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('allocation.noLines')}
      </Text>
    );
  }
  return (
    <Table tabularNums verticalSpacing={4} data-testid="allocation-lines">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('allocation.invoice')}</Table.Th>
          <Table.Th ta="right">{t('allocation.open')}</Table.Th>
          <Table.Th w={170}>{t('allocation.amount')}</Table.Th>
          <Table.Th w={40} />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.lines.map((line, index) => {
          const problem = props.checked.lines[index]?.problem;
          return (
            <Table.Tr key={line.invoice.invoiceId} data-invoice={line.invoice.number}>
              <Table.Td>
                <Text size="sm">{line.invoice.number}</Text>
                <Text size="xs" c="dimmed">
                  {line.invoice.debtor.name}
                </Text>
              </Table.Td>
              <AmountCell amount={line.invoice.open} currency={line.invoice.currency} />
              <Table.Td>
                <TextInput
                  size="xs"
                  value={line.text}
                  onChange={(event) =>
                    props.onChange(line.invoice.invoiceId, event.currentTarget.value)
                  }
                  error={problem ? t(`allocation.problem.${problem}`) : undefined}
                  aria-label={t('allocation.amountFor', { invoice: line.invoice.number })}
                  inputMode="decimal"
                  data-testid="allocation-amount"
                />
              </Table.Td>
              <Table.Td>
                <CloseButton
                  size="sm"
                  aria-label={t('allocation.remove', { invoice: line.invoice.number })}
                  onClick={() => props.onRemove(line.invoice.invoiceId)}
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
