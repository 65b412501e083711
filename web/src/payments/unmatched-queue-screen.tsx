import { Badge, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../api/use-session.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';
import { AllocationDialog } from './allocation-dialog.tsx';
import { DismissPaymentDialog } from './dismiss-payment-dialog.tsx';
import { CounterpartyText, PaymentWarnings } from './payment-parts.tsx';
import { PaymentsTabs } from './payments-tabs.tsx';
import { useUnmatchedPayments, type UnmatchedPayment } from './use-payments.ts';

/**
 * Lists the queue of unmatched payments of the entity, newest first. A user
 * with payments.manage allocates a receipt by hand or dismisses a payment
 * with a reason. Money going back can only be dismissed.
 */
export function UnmatchedQueueScreen() {
  const { t } = useTranslation('payments');
  const { entity } = useEntity();
  const payments = useUnmatchedPayments(entity.code);
  const canManage = usePermission('payments.manage');
  const [allocating, setAllocating] = useState<UnmatchedPayment | null>(null);
  const [dismissing, setDismissing] = useState<UnmatchedPayment | null>(null);

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('queue.subtitle')} />
      <PaymentsTabs />
      {payments.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {payments.isError && <LoadError error={payments.error} />}
      {payments.data?.length === 0 && (
        <Text c="dimmed" data-testid="queue-empty">
          {t('queue.empty')}
        </Text>
      )}
      {payments.data && payments.data.length > 0 && (
        <QueueTable
          payments={payments.data}
          canManage={canManage}
          onAllocate={setAllocating}
          onDismiss={setDismissing}
        />
      )}
      {allocating && <AllocationDialog payment={allocating} onClose={() => setAllocating(null)} />}
      {dismissing && (
        <DismissPaymentDialog payment={dismissing} onClose={() => setDismissing(null)} />
      )}
    </Stack>
  );
}

function QueueTable(props: {
  payments: UnmatchedPayment[];
  canManage: boolean;
  onAllocate(payment: UnmatchedPayment): void;
  onDismiss(payment: UnmatchedPayment): void;
}) {
  const { t } = useTranslation('payments');
  const format = useFormat();

  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped tabularNums verticalSpacing="xs" data-testid="queue-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.date')}</Table.Th>
            <Table.Th>{t('columns.counterparty')}</Table.Th>
            <Table.Th>{t('columns.remittance')}</Table.Th>
            <Table.Th ta="right">{t('columns.amount')}</Table.Th>
            <Table.Th ta="right">{t('columns.remainder')}</Table.Th>
            <Table.Th>{t('columns.suggestion')}</Table.Th>
            {props.canManage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.payments.map((payment) => {
            const [best] = payment.suggestions;
            const isReceipt = payment.bookingKind === 'receipt';
            return (
              <Table.Tr key={payment.id} data-payment-id={payment.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {format.date(payment.paymentDate)}
                  {!isReceipt && (
                    <Badge size="xs" color="red" variant="light" display="block" mt={4}>
                      {t(`bookingKind.${payment.bookingKind}`)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <CounterpartyText counterparty={payment.counterparty} />
                </Table.Td>
                <Table.Td maw={320}>
                  <Text size="sm" lineClamp={3}>
                    {payment.remittanceText ?? t('noRemittance')}
                  </Text>
                  {payment.statement && (
                    <Text size="xs" c="dimmed">
                      {t('queue.statement', { file: payment.statement.fileName })}
                    </Text>
                  )}
                  <PaymentWarnings warnings={payment.warnings} />
                </Table.Td>
                <AmountCell amount={payment.amount} currency={payment.currency} />
                <AmountCell amount={payment.remainder} currency={payment.currency} strong />
                <Table.Td>
                  {best ? (
                    <Stack gap={0}>
                      <Text size="sm">{best.number}</Text>
                      <Text size="xs" c="dimmed">
                        {best.debtor.name}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('queue.noSuggestion')}
                    </Text>
                  )}
                </Table.Td>
                {props.canManage && (
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {isReceipt && (
                        <Button
                          size="xs"
                          onClick={() => props.onAllocate(payment)}
                          data-testid="allocate-payment"
                        >
                          {t('queue.allocate')}
                        </Button>
                      )}
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => props.onDismiss(payment)}
                        data-testid="dismiss-payment"
                      >
                        {t('queue.dismiss')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
