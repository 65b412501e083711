import { Center, Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/nl';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useIssueReport, type IssueReport } from '../api/use-issue-report.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';
import {
  Amounts,
  OpenIssuesSection,
  ResolutionSection,
  RootCauseSection,
} from './issue-report-sections.tsx';

/**
 * The issue report of the entity chosen in the header: open issues and their
 * amounts on the period's end, resolution times and outcomes of the issues
 * closed in the period, and the issues opened per month. The period is in
 * the address (?from=&to=) so a report can be linked; until the user picks
 * dates, the server's default period applies (twelve months up to today).
 */
export function IssueReportScreen() {
  const { t, i18n } = useTranslation('issueReport');
  const format = useFormat();
  const { entity } = useEntity();
  const [search, setSearch] = useSearchParams();
  const from = search.get('from');
  const to = search.get('to');
  const setPeriodEdge = (key: 'from' | 'to', value: string | null) =>
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
  const report = useIssueReport({
    entity: entity.code,
    from: from ?? undefined,
    to: to ?? undefined,
  });
  const asOf = report.data?.entities[0]?.asOf;

  return (
    <Stack gap="md">
      <PageTitle
        title={t('title')}
        subtitle={
          report.data && asOf
            ? t('subtitle', {
                date: format.date(asOf),
                from: format.date(report.data.from),
                to: format.date(report.data.to),
              })
            : undefined
        }
      />
      <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
        <Group align="flex-end">
          <DateInput
            label={t('from')}
            value={from ?? report.data?.from ?? null}
            onChange={(value) => setPeriodEdge('from', value)}
            valueFormat="D MMMM YYYY"
            w={200}
            data-testid="report-from"
          />
          <DateInput
            label={t('to')}
            value={to ?? report.data?.to ?? null}
            onChange={(value) => setPeriodEdge('to', value)}
            valueFormat="D MMMM YYYY"
            w={200}
            data-testid="report-to"
          />
        </Group>
      </DatesProvider>
      {report.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {report.isError && <LoadError error={report.error} />}
      {report.data && (
        <>
          <Summary report={report.data} />
          <OpenIssuesSection report={report.data} />
          <ResolutionSection report={report.data} />
          <RootCauseSection report={report.data} />
        </>
      )}
    </Stack>
  );
}

function Summary(props: { report: IssueReport }) {
  const { t } = useTranslation('issueReport');
  const format = useFormat();
  const { open, onHold, closed } = props.report;
  const inTime = closed.byCategory.reduce((sum, row) => sum + row.inTimeCount, 0);
  const percent = new Intl.NumberFormat(format.locale, {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const onHoldInvoices = onHold.reduce((sum, row) => sum + row.invoiceCount, 0);

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="issue-report-summary">
      <Figure label={t('summary.open')} testId="summary-open">
        <Text fz="xl" fw={700}>
          {format.number(open.total.count)}
        </Text>
        <Text size="sm" c="dimmed" component="div">
          <Amounts amounts={open.total.amounts} />
        </Text>
      </Figure>
      <Figure label={t('summary.onHold')} testId="summary-on-hold">
        <Text fz="xl" fw={700} component="div">
          <Amounts amounts={onHold} />
        </Text>
        <Text size="sm" c="dimmed">
          {t('summary.onHoldInvoices', { count: onHoldInvoices })}
        </Text>
      </Figure>
      <Figure label={t('summary.closed')} testId="summary-closed">
        <Text fz="xl" fw={700}>
          {format.number(closed.count)}
        </Text>
      </Figure>
      <Figure label={t('summary.inTime')} testId="summary-in-time">
        <Text fz="xl" fw={700}>
          {closed.count === 0 ? '–' : percent.format(inTime / closed.count)}
        </Text>
        <Text size="sm" c="dimmed">
          {t('summary.inTimeDetail', { count: inTime, total: closed.count })}
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
