import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useDynamicPortalTranslation, usePortalTranslation } from './i18n.ts';
import { describePortalError, portalApi } from './api.ts';
import { usePortalFormat } from './format.ts';
import type { Frequency, PortalArrangement } from './types.ts';

const frequencies: Frequency[] = ['weekly', 'fortnightly', 'monthly', 'quarterly'];

/** Instalments per arrangement, as the server accepts them. */
const INSTALMENTS = { min: 2, max: 60 } as const;

/** Returns the date `days` after today in the browser's time zone, as YYYY-MM-DD. */
function dateAfter(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (value: number) => String(value).padStart(2, '0');

  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The debtor's requested and active payment arrangements with their
 * instalments, and the form to request one for the chosen invoices.
 */
export function ArrangementPanel({
  invoiceIds,
  arrangements,
  canRequest,
  onRequested,
}: {
  invoiceIds: string[];
  arrangements: PortalArrangement[];
  canRequest: boolean;
  onRequested: () => Promise<void>;
}) {
  const { t } = usePortalTranslation();
  const dynamic = useDynamicPortalTranslation();
  const [instalmentCount, setInstalmentCount] = useState<number>(3);
  const [frequency, setFrequency] = useState<Frequency>('monthly');
  const [firstDueDate, setFirstDueDate] = useState(() => dateAfter(7));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const request = async () => {
    setBusy(true);
    setError(null);
    try {
      await portalApi('/arrangements', {
        method: 'POST',
        body: { invoiceIds, instalmentCount, frequency, firstDueDate },
      });
      await onRequested();
    } catch (caught) {
      setError(describePortalError(caught, dynamic.translate, dynamic.exists));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" data-testid="arrangement-panel">
      <Title order={3} mb="xs">
        {t('arrangement.title')}
      </Title>
      <Stack gap="md">
        {arrangements.map((arrangement) => (
          <ArrangementView key={arrangement.id} arrangement={arrangement} />
        ))}
        {canRequest && (
          <>
            <Text size="sm">{t('arrangement.body')}</Text>
            <Group align="flex-end">
              <NumberInput
                label={t('arrangement.instalmentCount')}
                min={INSTALMENTS.min}
                max={INSTALMENTS.max}
                clampBehavior="strict"
                allowDecimal={false}
                value={instalmentCount}
                onChange={(value) => setInstalmentCount(Number(value) || INSTALMENTS.min)}
                w={140}
              />
              <NativeSelect
                label={t('arrangement.frequency')}
                value={frequency}
                onChange={(event) => setFrequency(event.currentTarget.value as Frequency)}
                data={frequencies.map((value) => ({
                  value,
                  label: t(`frequency.${value}`),
                }))}
                w={170}
              />
              <TextInput
                type="date"
                label={t('arrangement.firstDueDate')}
                value={firstDueDate}
                min={dateAfter(0)}
                onChange={(event) => setFirstDueDate(event.currentTarget.value)}
                w={170}
              />
              <Button
                variant="light"
                onClick={() => void request()}
                loading={busy}
                disabled={invoiceIds.length === 0 || !firstDueDate}
                data-testid="request-arrangement"
              >
                {t('arrangement.request', { count: invoiceIds.length })}
              </Button>
            </Group>
            {error && <Alert color="red">{error}</Alert>}
          </>
        )}
      </Stack>
    </Paper>
  );
}

function ArrangementView({ arrangement }: { arrangement: PortalArrangement }) {
  const { t } = usePortalTranslation();
  const format = usePortalFormat();
  const money = (amount: string) => format.money(amount, arrangement.currency);

  return (
    <div data-testid="arrangement">
      <Group gap="sm" mb="xs">
        <Badge color={arrangement.status === 'active' ? 'teal' : 'yellow'}>
          {t(`arrangement.status.${arrangement.status}`)}
        </Badge>
        <Text size="sm">
          {t('arrangement.summary', {
            total: money(arrangement.total),
            frequency: t(`frequency.${arrangement.frequency}`),
            invoices: arrangement.invoiceNumbers.join(', '),
          })}
        </Text>
      </Group>
      {arrangement.status === 'requested' && (
        <Text size="xs" c="dimmed" mb="xs">
          {t('arrangement.awaitingApproval')}
        </Text>
      )}
      <Table withTableBorder maw={520}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('arrangement.instalment')}</Table.Th>
            <Table.Th>{t('invoice.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('arrangement.amount')}</Table.Th>
            <Table.Th ta="right">{t('arrangement.paid')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {arrangement.instalments.map((instalment) => (
            <Table.Tr key={instalment.sequence}>
              <Table.Td>{instalment.sequence}</Table.Td>
              <Table.Td>{format.date(instalment.dueDate)}</Table.Td>
              <Table.Td ta="right">{money(instalment.amount)}</Table.Td>
              <Table.Td ta="right">{money(instalment.paid)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
