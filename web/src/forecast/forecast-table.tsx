import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';
import {
  dayTotal,
  forecastChannels,
  type DunningForecast,
  type ForecastDay,
  type NonSendingDay,
} from './use-forecast.ts';

/**
 * Shows the forecast as a table: a row per day with the count per channel, the
 * day's total and the instalment reminders among its e-mails and letters, the
 * totals last. Days that are no sending day are grey and give the reason
 * instead of counts.
 */
export function ForecastTable(props: { forecast: DunningForecast }) {
  const { t } = useTranslation(['forecast', 'translation']);
  const format = useFormat();
  const { days, totals } = props.forecast;

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped={false} highlightOnHover data-testid="forecast-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('date')}</Table.Th>
            {forecastChannels.map((channel) => (
              <Table.Th key={channel} ta="right">
                {t(`translation:channel.${channel}`)}
              </Table.Th>
            ))}
            <Table.Th ta="right">{t('total')}</Table.Th>
            <Table.Th ta="right">{t('instalmentReminders')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {days.map((day) => (
            <DayRow key={day.date} day={day} />
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="forecast-totals" fw={700}>
            <Table.Td>{t('total')}</Table.Td>
            {forecastChannels.map((channel) => (
              <Table.Td key={channel} ta="right" data-channel={channel}>
                {format.number(totals[channel])}
              </Table.Td>
            ))}
            <Table.Td ta="right" data-channel="total">
              {format.number(dayTotal(totals))}
            </Table.Td>
            <Table.Td ta="right" data-testid="instalment-reminders">
              {format.number(totals.instalmentReminders)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

function DayRow(props: { day: ForecastDay }) {
  const { t } = useTranslation('forecast');
  const format = useFormat();
  const weekday = new Intl.DateTimeFormat(format.locale, { weekday: 'short', timeZone: 'UTC' });
  const { day } = props;
  const dateCell = (
    <Table.Td style={{ whiteSpace: 'nowrap' }}>
      {weekday.format(new Date(`${day.date}T00:00:00Z`))} {format.date(day.date)}
    </Table.Td>
  );

  if (day.notSendingDay) {
    return (
      <Table.Tr
        data-testid={`forecast-day-${day.date}`}
        data-sending="false"
        bg="var(--mantine-color-gray-1)"
        c="dimmed"
      >
        {dateCell}
        <Table.Td colSpan={forecastChannels.length + 2} title={day.notSendingDay.reason}>
          <Text size="sm" c="dimmed" span>
            {nonSendingLabel(t, day.date, day.notSendingDay)} ·{' '}
            {t('notSendingDay.next', {
              date: format.date(day.notSendingDay.nextSendingDay),
            })}
          </Text>
        </Table.Td>
      </Table.Tr>
    );
  }
  return (
    <Table.Tr data-testid={`forecast-day-${day.date}`} data-sending="true">
      {dateCell}
      {forecastChannels.map((channel) => (
        <Table.Td
          key={channel}
          ta="right"
          data-channel={channel}
          c={day[channel] === 0 ? 'dimmed' : undefined}
        >
          {format.number(day[channel])}
        </Table.Td>
      ))}
      <Table.Td ta="right" data-channel="total" fw={600}>
        {format.number(dayTotal(day))}
      </Table.Td>
      <Table.Td
        ta="right"
        data-testid="instalment-reminders"
        c={day.instalmentReminders === 0 ? 'dimmed' : undefined}
      >
        {format.number(day.instalmentReminders)}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Names the kind of day in the UI language: a Saturday or Sunday off is a
 * weekend, a public holiday keeps its (English) name from the server.
 */
export function nonSendingLabel(
  t: ReturnType<typeof useTranslation<'forecast'>>['t'],
  date: string,
  info: NonSendingDay,
): string {
  if (info.kind === 'not_working_day') {
    const weekend = [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
    return weekend ? t('notSendingDay.weekend') : t('notSendingDay.not_working_day');
  }
  if (info.kind === 'public_holiday') {
    const name = info.reason.replace(/^public holiday: /, '');
    return `${t('notSendingDay.public_holiday')}: ${name}`;
  }
  return t('notSendingDay.closing_day');
}
