import { Badge, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/nl';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entity } from '../../api/types.ts';
import { useReview } from '../../api/use-provisioning.ts';
import { useCodeLabel } from '../../components/code-label.ts';
import { LoadError } from '../../components/load-error.tsx';
import { useFormat } from '../../format/use-format.ts';
import { nonSendingLabel } from '../../forecast/forecast-table.tsx';
import { useStepLabel } from '../profiles/use-step-label.ts';
import { formatMinor } from './format-minor.ts';
import { SkippedList } from './skipped-list.tsx';

/** Shows the dry run of one entity for a chosen date: the messages it would make and the call tasks. */
export function EntityReview(props: { entity: Entity }) {
  const { t, i18n } = useTranslation('wizard');
  const { t: tForecast } = useTranslation('forecast');
  const format = useFormat();
  const codeLabel = useCodeLabel();
  const stepLabel = useStepLabel();
  const [date, setDate] = useState<string | null>(null);
  const review = useReview(props.entity.code, date ?? undefined);

  return (
    <Paper withBorder p="md" data-testid={`review-${props.entity.code}`}>
      <Group justify="space-between" align="flex-end" mb="sm">
        <div>
          <Title order={4}>
            {props.entity.code} · {props.entity.name}
          </Title>
          {review.data && (
            <Text size="sm" c="dimmed">
              {t('review.asOf', { date: format.date(review.data.asOf) })}
            </Text>
          )}
        </div>
        <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
          <DateInput
            label={t('review.date')}
            value={date ?? review.data?.asOf ?? null}
            onChange={setDate}
            valueFormat="D MMMM YYYY"
            w={200}
          />
        </DatesProvider>
      </Group>
      {review.isPending && (
        <Center py="md">
          <Loader />
        </Center>
      )}
      {review.error && <LoadError error={review.error} />}
      {review.data && (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge variant="light" size="lg">
              {t('review.messages', { count: review.data.messages.length })}
            </Badge>
            <Badge variant="light" size="lg" color="orange">
              {t('review.callTasks', { count: review.data.callTasks })}
            </Badge>
          </Group>
          {review.data.notSendingDay && (
            <Text size="sm" data-testid="review-not-sending-day">
              {t('review.notSendingDay', {
                date: format.date(review.data.asOf),
                reason: nonSendingLabel(tForecast, review.data.asOf, review.data.notSendingDay),
                next: format.date(review.data.notSendingDay.nextSendingDay),
              })}
            </Text>
          )}
          {review.data.messages.length + review.data.calls.length === 0 ? (
            !review.data.notSendingDay && (
              <Text size="sm" c="dimmed">
                {t('review.noMessages')}
              </Text>
            )
          ) : (
            <Table striped data-testid="review-messages">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('review.debtor')}</Table.Th>
                  <Table.Th>{t('review.step')}</Table.Th>
                  <Table.Th ta="right">{t('review.invoices')}</Table.Th>
                  <Table.Th ta="right">{t('review.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...review.data.messages, ...review.data.calls].map((message, index) => (
                  <Table.Tr
                    key={`${message.debtorId}-${message.step}-${index}`}
                    data-channel={message.channel}
                  >
                    <Table.Td>
                      <Text size="sm">{message.debtorName}</Text>
                      <Text size="xs" c="dimmed">
                        {message.debtorNumber}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{stepLabel(message.step)}</Text>
                      <Text size="xs" c="dimmed">
                        {codeLabel('channel', message.channel)} ·{' '}
                        {message.recipient ?? t('review.byPost')}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{message.invoiceCount}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(
                        formatMinor(message.totalMinor, message.currency),
                        message.currency,
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {review.data.skipped.length > 0 && <SkippedList skipped={review.data.skipped} />}
        </Stack>
      )}
    </Paper>
  );
}
