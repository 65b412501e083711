import {
  Center,
  Group,
  Loader,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/nl';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';
import { EntitySelect } from '../layout/entity-select.tsx';
import { ForecastChart } from './forecast-chart.tsx';
import { ForecastTable } from './forecast-table.tsx';
import { dayTotal, forecastDays, useForecast, type DunningForecast } from './use-forecast.ts';

/**
 * Shows the dunning forecast of an entity: what the runs of the next days would
 * create per day and channel, as a stacked bar chart and a table. The first
 * day and the number of days are in the address (?date=&days=) so that a
 * forecast can be linked. Until the user picks a date, the server starts at
 * the entity's today.
 */
export function ForecastScreen() {
  const { t, i18n } = useTranslation('forecast');
  const format = useFormat();
  const { entity, entities } = useEntity();
  const [search, setSearch] = useSearchParams();
  const date = search.get('date') ?? undefined;
  const days = readDays(search.get('days'));
  const setParam = (key: 'date' | 'days', value: string | null) =>
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) {
          next.set(key, value);
        } else {
          next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const forecast = useForecast({ entity: entity.code, date, days });

  return (
    <Stack gap="md">
      <PageTitle
        title={t('title')}
        subtitle={
          forecast.data
            ? t('subtitle', {
                count: forecast.data.days.length,
                from: format.date(forecast.data.from),
              })
            : undefined
        }
      />
      <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
        <Group align="flex-end">
          {entities.length > 1 && <EntitySelect label={t('entity')} />}
          <DateInput
            label={t('from')}
            value={date ?? forecast.data?.from ?? null}
            onChange={(value) => setParam('date', value)}
            valueFormat="D MMMM YYYY"
            w={200}
            data-testid="forecast-from"
          />
          <NumberInput
            label={t('days')}
            value={days}
            min={forecastDays.min}
            max={forecastDays.max}
            clampBehavior="strict"
            allowDecimal={false}
            onChange={(value) => setParam('days', typeof value === 'number' ? String(value) : null)}
            w={100}
            data-testid="forecast-days"
          />
        </Group>
      </DatesProvider>
      {forecast.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {forecast.isError && <LoadError error={forecast.error} />}
      {forecast.data && <ForecastSections forecast={forecast.data} />}
    </Stack>
  );
}

/** Reads ?days=, falling back to the default for a missing or out-of-range value. */
function readDays(value: string | null): number {
  const days = Number(value);
  return Number.isInteger(days) && days >= forecastDays.min && days <= forecastDays.max
    ? days
    : forecastDays.default;
}

function ForecastSections(props: { forecast: DunningForecast }) {
  const { t } = useTranslation('forecast');
  const { forecast } = props;

  return (
    <>
      <Summary forecast={forecast} />
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('chartTitle')}
        </Title>
        <ForecastChart days={forecast.days} />
      </Paper>
      <Paper withBorder p="md">
        <Title order={4} mb="sm">
          {t('tableTitle')}
        </Title>
        <ForecastTable forecast={forecast} />
        <Text size="sm" c="dimmed" mt="sm">
          {t('callNote')}
        </Text>
      </Paper>
    </>
  );
}

function Summary(props: { forecast: DunningForecast }) {
  const { t } = useTranslation('forecast');
  const format = useFormat();
  const { days, totals } = props.forecast;
  const busiest = days.reduce<(typeof days)[number] | undefined>(
    (best, day) => (dayTotal(day) > (best ? dayTotal(best) : 0) ? day : best),
    undefined,
  );
  const sendingDays = days.filter((day) => !day.notSendingDay).length;

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="forecast-summary">
      <Figure label={t('summary.total')} testId="summary-total">
        <Text fz="xl" fw={700}>
          {format.number(dayTotal(totals))}
        </Text>
      </Figure>
      <Figure label={t('summary.busiest')} testId="summary-busiest">
        <Text fz="xl" fw={700}>
          {busiest ? format.date(busiest.date) : '–'}
        </Text>
        {busiest ? (
          <Text size="sm" c="dimmed">
            {t('summary.busiestDetail', { count: dayTotal(busiest) })}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        )}
      </Figure>
      <Figure label={t('summary.sendingDays')} testId="summary-sending-days">
        <Text fz="xl" fw={700}>
          {format.number(sendingDays)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('summary.sendingDaysDetail', { count: days.length })}
        </Text>
      </Figure>
      <Figure label={t('summary.instalmentReminders')} testId="summary-instalment-reminders">
        <Text fz="xl" fw={700}>
          {format.number(totals.instalmentReminders)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('summary.instalmentRemindersDetail')}
        </Text>
      </Figure>
    </SimpleGrid>
  );
}

function Figure(props: { label: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" data-testid={props.testId}>
      <Text size="sm" c="dimmed" mb={4}>
        {props.label}
      </Text>
      {props.children}
    </Paper>
  );
}
