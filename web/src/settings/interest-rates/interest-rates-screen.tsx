import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CenteredLoader } from '../../admin/centered-loader.tsx';
import { usePermission } from '../../api/use-session.ts';
import { formatDecimalText } from '../../components/decimal-text.ts';
import { LoadError } from '../../components/load-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useFormat } from '../../format/use-format.ts';
import { todayIn } from '../../format/today.ts';
import { RateTableEditor } from './rate-table-editor.tsx';
import { useInterestRates, type RateTable } from './use-interest-rates.ts';

/**
 * Shows the statutory interest rate tables, consumer and commercial. Users with
 * settings.read see them; users with settings.manage edit a table's rates
 * and covered-through date. A table whose covered-through date is before
 * today (in the browser's time zone) gets a warning, because calculations
 * past that day use its last rate.
 */
export function InterestRatesScreen() {
  const { t } = useTranslation('interestRates');
  const tables = useInterestRates();
  const canManage = usePermission('settings.manage');
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      {tables.isError && <LoadError error={tables.error} />}
      {tables.isPending && <CenteredLoader />}
      {tables.data?.map((table) => (
        <RateTableCard key={table.kind} table={table} canManage={canManage} today={today} />
      ))}
    </Stack>
  );
}

function RateTableCard(props: { table: RateTable; canManage: boolean; today: string }) {
  const { t } = useTranslation('interestRates');
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const { table } = props;

  return (
    <Paper withBorder p="md" data-testid={`rate-table-${table.kind}`}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={3}>{t(`kinds.${table.kind}`)}</Title>
          <Text size="sm" c="dimmed">
            {t(`laws.${table.kind}`)}
          </Text>
        </div>
        <Group gap="xs">
          <Badge variant="light" color={table.source === 'built-in' ? 'gray' : 'blue'}>
            {t(`sources.${table.source}`)}
          </Badge>
          {props.canManage && !editing && (
            <Button
              size="compact-sm"
              variant="light"
              onClick={() => setEditing(true)}
              data-testid={`edit-${table.kind}`}
            >
              {t('edit')}
            </Button>
          )}
        </Group>
      </Group>
      {props.today > table.coveredThrough && (
        <Alert color="orange" title={t('outdatedTitle')} mb="sm" data-testid="rates-outdated">
          {t('outdatedText', { date: format.date(table.coveredThrough) })}
        </Alert>
      )}
      <Text size="sm" mb="xs" data-testid={`covered-through-${table.kind}`}>
        {t('coveredThrough', { date: format.date(table.coveredThrough) })}
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        {table.updatedBy && table.updatedAt
          ? t('updatedBy', {
              name: table.updatedBy.name,
              date: format.date(table.updatedAt.slice(0, 10)),
            })
          : t('builtInNote')}
      </Text>
      {editing ? (
        <RateTableEditor table={table} onClose={() => setEditing(false)} />
      ) : (
        <RateList table={table} />
      )}
    </Paper>
  );
}

function RateList(props: { table: RateTable }) {
  const { t } = useTranslation('interestRates');
  const format = useFormat();
  // The newest rates matter most, so they come first.
  const entries = [...props.table.entries].reverse();

  return (
    <Table withTableBorder striped maw={420} data-testid={`rates-${props.table.kind}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('validFrom')}</Table.Th>
          <Table.Th ta="right">{t('rate')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
          <Table.Tr key={entry.validFrom} data-testid={`rate-${entry.validFrom}`}>
            <Table.Td>{format.date(entry.validFrom)}</Table.Td>
            <Table.Td ta="right">{`${formatDecimalText(entry.rate, format.locale)} %`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
