import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { ArrangementDecisionDialog } from './arrangement-decision-dialog.tsx';
import { NewArrangementDialog } from './new-arrangement-dialog.tsx';
import {
  useDebtorArrangements,
  type ArrangementDecision,
  type ArrangementItem,
  type ArrangementStatus,
} from './use-arrangements.ts';

const STATUS_COLORS: Record<ArrangementStatus, string> = {
  requested: 'yellow',
  active: 'blue',
  completed: 'teal',
  broken: 'red',
  rejected: 'gray',
  cancelled: 'gray',
};

const INSTALMENT_COLORS = { open: 'blue', paid: 'teal', missed: 'red' } as const;

/**
 * Shows the debtor's payment arrangements on the customer card with their
 * status and instalments. Users with debtors.manage create one. Users with
 * payments.manage approve or reject a requested arrangement, and cancel a
 * requested or active one.
 */
export function ArrangementsPanel(props: {
  debtorId: string;
  invoices: DebtorInvoice[];
  /** The entity's local today, 'YYYY-MM-DD'. */
  today: string;
}) {
  const { t } = useTranslation('arrangements');
  const access = useAccess();
  const arrangements = useDebtorArrangements(props.debtorId);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [deciding, setDeciding] = useState<{ id: string; decision: ArrangementDecision } | null>(
    null,
  );

  if (arrangements.isError) {
    return <LoadError error={arrangements.error} />;
  }
  if (!arrangements.data) {
    return null;
  }

  return (
    <Stack gap="xs" data-testid="arrangements">
      <Group justify="space-between">
        <Title order={3}>{t('panel.title')}</Title>
        {access.can('debtors.manage') && (
          <Button onClick={() => setDialogOpen(true)} data-testid="arrangement-new">
            {t('panel.new')}
          </Button>
        )}
      </Group>
      {arrangements.data.length === 0 ? (
        <Text c="dimmed">{t('panel.none')}</Text>
      ) : (
        arrangements.data.map((arrangement) => (
          <ArrangementCard
            key={arrangement.id}
            arrangement={arrangement}
            canDecide={access.can('payments.manage')}
            onDecide={(decision) => setDeciding({ id: arrangement.id, decision })}
          />
        ))
      )}
      <NewArrangementDialog
        debtorId={props.debtorId}
        invoices={props.invoices}
        today={props.today}
        opened={dialogOpen}
        onClose={() => setDialogOpen(false)}
      />
      {deciding && (
        <ArrangementDecisionDialog
          debtorId={props.debtorId}
          arrangementId={deciding.id}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      )}
    </Stack>
  );
}

function ArrangementCard(props: {
  arrangement: ArrangementItem;
  canDecide: boolean;
  onDecide: (decision: ArrangementDecision) => void;
}) {
  const { t } = useTranslation('arrangements');
  const format = useFormat();
  const { arrangement } = props;
  const money = (amount: `${number}`) => format.money(amount, arrangement.currency);
  const requested = arrangement.status === 'requested';
  const cancellable = requested || arrangement.status === 'active';

  return (
    <Card withBorder padding="sm" data-testid="arrangement">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge color={STATUS_COLORS[arrangement.status]} data-testid="arrangement-status">
                {t(`status.${arrangement.status}`)}
              </Badge>
              <Text fw={500}>
                {t('panel.summary', {
                  total: money(arrangement.total),
                  count: arrangement.instalments.length,
                  frequency: t(`frequency.${arrangement.frequency}`),
                })}
              </Text>
            </Group>
            <Text size="sm" c="dimmed">
              {t('panel.invoices', {
                numbers: arrangement.invoices.map((invoice) => invoice.number).join(', '),
              })}
              {' · '}
              {t('panel.paid', { paid: money(arrangement.paid) })}
            </Text>
            <Text size="sm" c="dimmed" data-testid="arrangement-people">
              {t('panel.requested', {
                name: arrangement.requestedByName,
                on: format.date(arrangement.requestedAt.slice(0, 10)),
              })}
              {arrangement.decidedAt &&
                ` · ${t(`panel.${decisionKind(arrangement.status)}`, {
                  name: arrangement.decidedByName ?? '',
                  on: format.date(arrangement.decidedAt.slice(0, 10)),
                })}`}
            </Text>
            {arrangement.note && <Text size="sm">{arrangement.note}</Text>}
            {arrangement.decisionNote && (
              <Text size="sm" fs="italic">
                {arrangement.decisionNote}
              </Text>
            )}
          </Stack>
          {props.canDecide && cancellable && (
            <Group gap="xs">
              {requested && (
                <Button
                  size="xs"
                  color="teal"
                  onClick={() => props.onDecide('approve')}
                  data-testid="arrangement-approve"
                >
                  {t('panel.approve')}
                </Button>
              )}
              {requested && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => props.onDecide('reject')}
                  data-testid="arrangement-reject"
                >
                  {t('panel.reject')}
                </Button>
              )}
              <Button
                size="xs"
                variant="default"
                onClick={() => props.onDecide('cancel')}
                data-testid="arrangement-cancel"
              >
                {t('panel.cancel')}
              </Button>
            </Group>
          )}
        </Group>
        <Table data-testid="arrangement-instalments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('schedule.sequence')}</Table.Th>
              <Table.Th>{t('schedule.dueDate')}</Table.Th>
              <Table.Th ta="right">{t('schedule.amount')}</Table.Th>
              <Table.Th ta="right">{t('schedule.paid')}</Table.Th>
              <Table.Th>{t('schedule.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {arrangement.instalments.map((instalment) => (
              <Table.Tr key={instalment.sequence}>
                <Table.Td>{instalment.sequence}</Table.Td>
                <Table.Td>{format.date(instalment.dueDate)}</Table.Td>
                <Table.Td ta="right">{money(instalment.amount)}</Table.Td>
                <Table.Td ta="right">{money(instalment.paid)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={INSTALMENT_COLORS[instalment.status]}>
                    {t(`instalmentStatus.${instalment.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

/**
 * Names the last decision from the status it left: rejecting and cancelling
 * set their own status, and an approved arrangement is active, completed or
 * broken since.
 */
function decisionKind(status: ArrangementStatus): 'approved' | 'rejected' | 'cancelled' {
  if (status === 'rejected' || status === 'cancelled') {
    return status;
  }

  return 'approved';
}
