import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
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
import {
  QUEUE_PAGE_SIZE,
  useUnmatchedPayments,
  type QueueOrder,
  type UnmatchedPayment,
} from './use-payments.ts';

/**
 * Lists the queue of unmatched payments of the entity, newest or oldest
 * first, a page at a time with the number loaded out of the whole queue. A
 * user with payments.manage allocates a receipt by hand or dismisses a
 * payment with a reason. Money going back can only be dismissed.
 */
export function UnmatchedQueueScreen() {
  const { t } = useTranslation('payments');
  const { entity } = useEntity();
  const [order, setOrder] = useState<QueueOrder>('newest');
  const queue = useUnmatchedPayments(entity.code, order);
  const canManage = usePermission('payments.manage');
  const [allocating, setAllocating] = useState<UnmatchedPayment | null>(null);
  const [dismissing, setDismissing] = useState<UnmatchedPayment | null>(null);
  const payments = uniquePayments(queue.data?.pages.flatMap((page) => page.payments) ?? []);
  const total = queue.data?.pages.at(-1)?.total ?? 0;

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('queue.subtitle')} />
      <PaymentsTabs />
      <QueueToolbar
        order={order}
        onOrderChange={setOrder}
        loaded={queue.isSuccess ? payments.length : null}
        total={total}
      />
      {queue.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {queue.isError && <LoadError error={queue.error} />}
      {queue.isSuccess && payments.length === 0 && (
        <Text c="dimmed" data-testid="queue-empty">
          {t('queue.empty')}
        </Text>
      )}
      {payments.length > 0 && (
        <QueueTable
          payments={payments}
          canManage={canManage}
          onAllocate={setAllocating}
          onDismiss={setDismissing}
        />
      )}
      {queue.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void queue.fetchNextPage()}
          loading={queue.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
          data-testid="queue-load-more"
        >
          {t('queue.loadMore', { count: Math.min(QUEUE_PAGE_SIZE, total - payments.length) })}
        </Button>
      )}
      {allocating && <AllocationDialog payment={allocating} onClose={() => setAllocating(null)} />}
      {dismissing && (
        <DismissPaymentDialog payment={dismissing} onClose={() => setDismissing(null)} />
      )}
    </Stack>
  );
}

/** Shows how many payments are loaded out of the whole queue, and switches the order. */
function QueueToolbar(props: {
  order: QueueOrder;
  onOrderChange(order: QueueOrder): void;
  /** Payments loaded so far; null while the first page loads. */
  loaded: number | null;
  total: number;
}) {
  const { t } = useTranslation('payments');
  const format = useFormat();

  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" data-testid="queue-count">
        {props.loaded === null
          ? ''
          : t('queue.count', {
              loaded: format.number(props.loaded),
              total: format.number(props.total),
              count: props.total,
            })}
      </Text>
      <SegmentedControl
        size="xs"
        value={props.order}
        onChange={(value) => props.onOrderChange(value === 'oldest' ? 'oldest' : 'newest')}
        data={[
          { value: 'newest', label: t('queue.newestFirst') },
          { value: 'oldest', label: t('queue.oldestFirst') },
        ]}
        aria-label={t('queue.order')}
        data-testid="queue-order"
      />
    </Group>
  );
}

/**
 * Drops a payment that an earlier page has already, which happens when a
 * payment enters the queue between loading two pages.
 */
function uniquePayments(payments: UnmatchedPayment[]): UnmatchedPayment[] {
  const seen = new Set<string>();
  return payments.filter((payment) => {
    if (seen.has(payment.id)) {
      return false;
    }
    seen.add(payment.id);
    return true;
  });
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
                  <PaymentWarnings warnings={payment.warningDetails} />
                </Table.Td>
                <AmountCell amount={payment.amount} currency={payment.currency} />
                <AmountCell amount={payment.remainder} currency={payment.currency} strong />
                <Table.Td>
                  {best ? (
                    <Stack gap={0}>
                      <Text size="sm">{best.number}</Text>
                      <Text size="xs" c="dimmed" truncate="end" maw={200} title={best.debtor.name}>
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
