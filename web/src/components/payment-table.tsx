import { Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DebtorPayment } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { AmountCell } from './amount-cell.tsx';
import { useCodeLabel } from './code-label.ts';

/** Lists a debtor's payments and the invoices each one was allocated to. */
export function PaymentTable(props: { payments: DebtorPayment[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();

  if (props.payments.length === 0) {
    return <Text c="dimmed">{t('debtorCard.noPayments')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table striped tabularNums verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('payment.date')}</Table.Th>
            <Table.Th ta="right">{t('payment.amount')}</Table.Th>
            <Table.Th>{t('payment.source')}</Table.Th>
            <Table.Th>{t('payment.reference')}</Table.Th>
            <Table.Th>{t('payment.allocations')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.payments.map((payment) => (
            <Table.Tr key={payment.id}>
              <Table.Td>{format.date(payment.paymentDate)}</Table.Td>
              <AmountCell amount={payment.amount} currency={payment.currency} />
              <Table.Td>{label('paymentSource', payment.source)}</Table.Td>
              <Table.Td>{payment.reference ?? '–'}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  {payment.allocated.length === 0 && (
                    <Text c="dimmed">{t('payment.unallocated')}</Text>
                  )}
                  {payment.allocated.map((allocation) => (
                    <Text key={allocation.invoiceNumber} size="sm">
                      {t('payment.allocation', {
                        invoice: allocation.invoiceNumber,
                        amount: format.money(allocation.amount, payment.currency),
                      })}
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
