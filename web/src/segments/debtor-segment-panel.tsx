import { Group, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDebtorSegment, useSegments, useSetDebtorSegment } from '../api/use-segments.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';

/**
 * Shows a debtor's segment on its customer card, with a select and a pin
 * switch for users with debtors.manage, and the history of segment changes.
 * The reasons are shown as the server stored them, in English.
 */
export function DebtorSegmentPanel(props: { debtorId: string }) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const access = useAccess();
  const canChange = access.can('debtors.manage') && access.can('settings.read');
  const current = useDebtorSegment(props.debtorId);
  const segments = useSegments();
  const change = useSetDebtorSegment(props.debtorId);

  if (current.isError) {
    return <LoadError error={current.error} />;
  }
  if (!current.data) {
    return null;
  }
  const { segment, pinned, pinnedBy, pinnedAt, history } = current.data;
  const dateTime = (value: string) => format.date(value.slice(0, 10));

  return (
    <Stack gap="xs" data-testid="debtor-segment">
      <Title order={3}>{t('panel.title')}</Title>
      <Group align="flex-end" gap="md">
        {canChange && segments.data ? (
          <Select
            label={t('panel.segment')}
            data={segments.data.map((entry) => ({ value: entry.id, label: entry.name }))}
            value={segment?.id ?? null}
            placeholder={t('panel.none')}
            allowDeselect={false}
            disabled={change.isPending}
            onChange={(value) => value && change.mutate({ segmentId: value, pinned })}
            w={240}
            data-testid="debtor-segment-select"
          />
        ) : (
          <Text>{segment?.name ?? t('panel.none')}</Text>
        )}
        {canChange && segment && (
          <Switch
            label={t('panel.pinned')}
            checked={pinned}
            disabled={change.isPending}
            onChange={(event) =>
              change.mutate({ segmentId: segment.id, pinned: event.currentTarget.checked })
            }
            mb={8}
            data-testid="debtor-segment-pin"
          />
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {pinned && pinnedBy && pinnedAt
          ? t('panel.pinnedBy', { user: pinnedBy, date: dateTime(pinnedAt) })
          : t('panel.pinnedHelp')}
      </Text>
      {change.error && <LoadError error={change.error} />}

      <Title order={4}>{t('panel.history')}</Title>
      {history.length === 0 ? (
        <Text c="dimmed">{t('panel.noHistory')}</Text>
      ) : (
        <Table data-testid="debtor-segment-history">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('panel.when')}</Table.Th>
              <Table.Th>{t('panel.change')}</Table.Th>
              <Table.Th>{t('panel.reason')}</Table.Th>
              <Table.Th>{t('panel.source')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.map((entry) => (
              <Table.Tr key={`${entry.changedAt}-${entry.to?.id ?? ''}`}>
                <Table.Td>{dateTime(entry.changedAt)}</Table.Td>
                <Table.Td>
                  {t('panel.fromTo', {
                    from: entry.from?.name ?? t('panel.noSegment'),
                    to: entry.to?.name ?? t('panel.noSegment'),
                  })}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{entry.reason}</Text>
                </Table.Td>
                <Table.Td>{t(`source.${entry.source}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
