import { Center, Group, Loader, Stack } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/nl';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgeingReport } from '../api/use-ageing-report.ts';
import { AgeingReportCard } from '../components/ageing-report-card.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { EntitySelect } from '../layout/entity-select.tsx';

/** Open amounts by days past due on a chosen date, one table and chart per currency. */
export function AgeingReportScreen() {
  const { t, i18n } = useTranslation();
  const { entity } = useEntity();
  const [date, setDate] = useState<string | null>(() => todayIn(entity.timeZone));
  const report = useAgeingReport({ entity: entity.code, date: date ?? undefined });

  return (
    <Stack gap="md">
      <PageTitle title={t('ageing.title')} subtitle={t('ageing.subtitle')} />
      <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
        <Group align="flex-end">
          <EntitySelect label={t('ageing.entity')} />
          <DateInput
            label={t('ageing.date')}
            value={date}
            onChange={setDate}
            valueFormat="D MMMM YYYY"
            w={200}
          />
        </Group>
      </DatesProvider>
      {report.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {report.isError && <LoadError error={report.error} />}
      {report.data?.map((currencyReport) => (
        <AgeingReportCard key={currencyReport.currency} report={currencyReport} />
      ))}
    </Stack>
  );
}
