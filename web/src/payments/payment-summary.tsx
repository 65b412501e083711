import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';
import { CounterpartyText, PaymentWarnings } from './payment-parts.tsx';
import type { PaymentItem } from './use-payments.ts';

/** Shows the bank's details of a payment, with its amount and unallocated remainder. */
export function PaymentSummary(props: { payment: PaymentItem }) {
  const { t } = useTranslation('payments');
  const format = useFormat();
  const { payment } = props;

  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" data-testid="payment-summary">
      <Fact label={t('columns.date')}>{format.date(payment.paymentDate)}</Fact>
      <Fact label={t('columns.amount')}>{format.money(payment.amount, payment.currency)}</Fact>
      <Fact label={t('columns.remainder')}>
        <Text fw={600}>{format.money(payment.remainder, payment.currency)}</Text>
      </Fact>
      <Fact label={t('columns.counterparty')}>
        <CounterpartyText counterparty={payment.counterparty} />
      </Fact>
      <Stack gap={2} style={{ gridColumn: '1 / -1' }}>
        <Text size="xs" c="dimmed">
          {t('columns.remittance')}
        </Text>
        <Text size="sm">{payment.remittanceText ?? t('noRemittance')}</Text>
        <PaymentWarnings warnings={payment.warningDetails} />
      </Stack>
    </SimpleGrid>
  );
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      {typeof props.children === 'string' ? (
        <Text size="sm">{props.children}</Text>
      ) : (
        props.children
      )}
    </Stack>
  );
}
