import { Anchor, Badge, Button, Center, Loader, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { usePermission } from '../api/use-session.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { CounterpartyText } from './payment-parts.tsx';
import { usePayments, useRestorePayment, type PaymentItem } from './use-payments.ts';

type MatchState = 'matched' | 'partly' | 'unmatched' | 'dismissed';

function matchState(payment: PaymentItem): MatchState {
  if (payment.dismissed) {
    return 'dismissed';
  }
  if (Number(payment.remainder) === 0) {
    return 'matched';
  }
  return Number(payment.allocated) === 0 ? 'unmatched' : 'partly';
}

const stateColours: Record<MatchState, string> = {
  matched: 'green',
  partly: 'yellow',
  unmatched: 'red',
  dismissed: 'gray',
};

/**
 * Lists the transactions booked from one statement, with how each was matched and
 * to which debtor. A user with payments.manage puts a dismissed one back on
 * the queue.
 */
export function StatementPayments(props: { entity: string; statementId: string }) {
  const { t } = useTranslation('payments');
  const format = useFormat();
  const payments = usePayments({ entity: props.entity, statement: props.statementId });
  const canManage = usePermission('payments.manage');
  const restore = useRestorePayment();

  if (payments.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" />
      </Center>
    );
  }
  if (payments.isError) {
    return <LoadError error={payments.error} />;
  }
  if (restore.isError) {
    return <LoadError error={restore.error} />;
  }
  if (payments.data.length === 0) {
    return <Text c="dimmed">{t('statements.noPayments')}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped tabularNums verticalSpacing="xs" data-testid="statement-payments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.date')}</Table.Th>
            <Table.Th>{t('columns.counterparty')}</Table.Th>
            <Table.Th>{t('columns.remittance')}</Table.Th>
            <Table.Th ta="right">{t('columns.amount')}</Table.Th>
            <Table.Th ta="right">{t('columns.remainder')}</Table.Th>
            <Table.Th>{t('columns.state')}</Table.Th>
            <Table.Th>{t('columns.debtor')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.data.map((payment) => {
            const state = matchState(payment);
            return (
              <Table.Tr key={payment.id} data-payment-id={payment.id} data-state={state}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {format.date(payment.paymentDate)}
                </Table.Td>
                <Table.Td>
                  <CounterpartyText counterparty={payment.counterparty} />
                </Table.Td>
                <Table.Td maw={280}>
                  <Text size="sm" lineClamp={2}>
                    {payment.remittanceText ?? t('noRemittance')}
                  </Text>
                </Table.Td>
                <AmountCell amount={payment.amount} currency={payment.currency} />
                <AmountCell amount={payment.remainder} currency={payment.currency} />
                <Table.Td>
                  <Badge color={stateColours[state]} variant="light">
                    {t(`state.${state}`)}
                  </Badge>
                  {payment.matchMethod && (
                    <Text size="xs" c="dimmed">
                      {t(`matchMethod.${payment.matchMethod}`)}
                    </Text>
                  )}
                  {payment.bookingKind !== 'receipt' && (
                    <Text size="xs" c="dimmed">
                      {t(`bookingKind.${payment.bookingKind}`)}
                    </Text>
                  )}
                  {payment.dismissed && (
                    <Text size="xs" c="dimmed" title={payment.dismissed.reason}>
                      {payment.dismissed.reason}
                    </Text>
                  )}
                  {payment.dismissed && canManage && payment.bookingKind !== 'other_debit' && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      loading={restore.isPending && restore.variables === payment.id}
                      onClick={() => restore.mutate(payment.id)}
                      data-testid="restore-payment"
                    >
                      {t('statements.restore')}
                    </Button>
                  )}
                </Table.Td>
                <Table.Td>
                  {payment.debtor ? (
                    <Anchor component={Link} to={`/debtors/${payment.debtor.id}`} size="sm">
                      {payment.debtor.name}
                    </Anchor>
                  ) : (
                    <Text size="sm" c="dimmed">
                      –
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
