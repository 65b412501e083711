import { Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  issueReportOutcomes,
  type CurrencyAmount,
  type IssueReport,
  type IssueTally,
} from '../api/use-issue-report.ts';
import { useFormat } from '../format/use-format.ts';
import { useLocalizedName } from '../issues/issue-labels.ts';
import {
  chartColours,
  CountBarChart,
  MonthlyStackedChart,
  useMonthLabel,
} from './issue-report-charts.tsx';

/** Age bucket colours from young (green) to old (red), as in the ageing report. */
const ageColours = ['#12b886', '#fab005', '#fd7e14', '#f76707', '#e03131'];

/** Renders open amounts per currency, one per line; no amount at all shows a dash. */
export function Amounts(props: { amounts: CurrencyAmount[] }) {
  const format = useFormat();
  if (props.amounts.length === 0) {
    return <>–</>;
  }
  return (
    <>
      {props.amounts.map((amount) => (
        <div key={amount.currency} style={{ whiteSpace: 'nowrap' }}>
          {format.money(amount.amount, amount.currency)}
        </div>
      ))}
    </>
  );
}

/** Gives each category of the report one colour, so it looks the same in every chart. */
function categoryColours(report: IssueReport): Map<string, string> {
  const colours = new Map<string, string>();
  const ids = [
    ...report.openedByMonth.categories.map((row) => row.category.id),
    ...report.open.byCategory.map((row) => row.category.id),
  ];
  for (const id of ids) {
    if (!colours.has(id)) {
      colours.set(id, chartColours[colours.size % chartColours.length] ?? '#868e96');
    }
  }
  return colours;
}

function Section(props: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" data-testid={props.testId}>
      <Title order={4} mb="sm">
        {props.title}
      </Title>
      {props.children}
    </Paper>
  );
}

interface TallyRow extends IssueTally {
  key: string;
  label: string;
  detail?: string;
  fill?: string;
}

/** Shows a table of issue counts and open amounts beside a bar chart of the counts. */
function TallyTable(props: {
  rows: TallyRow[];
  total: IssueTally;
  labelColumn: string;
  detailColumn?: string;
  chartLabel: string;
  testId: string;
}) {
  const { t } = useTranslation('issueReport');
  const format = useFormat();

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" data-testid={props.testId}>
      <Table tabularNums verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{props.labelColumn}</Table.Th>
            {props.detailColumn && <Table.Th>{props.detailColumn}</Table.Th>}
            <Table.Th ta="right">{t('open.count')}</Table.Th>
            <Table.Th ta="right">{t('open.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={row.key}>
              <Table.Td>{row.label}</Table.Td>
              {props.detailColumn && <Table.Td c="dimmed">{row.detail}</Table.Td>}
              <Table.Td ta="right">{format.number(row.count)}</Table.Td>
              <Table.Td ta="right">
                <Amounts amounts={row.amounts} />
              </Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={700}>
            <Table.Td>{t('open.total')}</Table.Td>
            {props.detailColumn && <Table.Td />}
            <Table.Td ta="right">{format.number(props.total.count)}</Table.Td>
            <Table.Td ta="right">
              <Amounts amounts={props.total.amounts} />
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <CountBarChart
        data={props.rows.map((row) => ({ label: row.label, value: row.count, fill: row.fill }))}
        ariaLabel={props.chartLabel}
        valueName={t('open.count')}
      />
    </SimpleGrid>
  );
}

/** Open issues by category, department and age, with their open amounts. */
export function OpenIssuesSection(props: { report: IssueReport }) {
  const { t } = useTranslation('issueReport');
  const nameOf = useLocalizedName();
  const { open } = props.report;
  const colours = categoryColours(props.report);

  return (
    <Section title={t('open.title')} testId="issue-report-open">
      {open.total.count === 0 ? (
        <Text c="dimmed">{t('open.empty')}</Text>
      ) : (
        <Stack gap="xl">
          <div>
            <Title order={5} mb="xs">
              {t('open.byCategory')}
            </Title>
            <TallyTable
              testId="open-by-category"
              labelColumn={t('open.category')}
              detailColumn={t('open.process')}
              chartLabel={t('open.chartCategory')}
              total={open.total}
              rows={open.byCategory.map((row) => ({
                key: row.category.id,
                label: nameOf(row.category),
                detail: nameOf({
                  name: row.category.processName,
                  names: row.category.processNames,
                }),
                count: row.count,
                amounts: row.amounts,
                fill: colours.get(row.category.id),
              }))}
            />
          </div>
          <div>
            <Title order={5} mb="xs">
              {t('open.byDepartment')}
            </Title>
            <TallyTable
              testId="open-by-department"
              labelColumn={t('open.department')}
              chartLabel={t('open.chartDepartment')}
              total={open.total}
              rows={open.byDepartment.map((row) => ({
                key: row.department?.id ?? 'none',
                label: row.department?.name ?? t('open.noDepartment'),
                count: row.count,
                amounts: row.amounts,
              }))}
            />
          </div>
          <div>
            <Title order={5} mb="xs">
              {t('open.byAge')}
            </Title>
            <TallyTable
              testId="open-by-age"
              labelColumn={t('open.age')}
              chartLabel={t('open.chartAge')}
              total={open.total}
              rows={open.byAge.map((row, index) => ({
                key: row.bucket,
                label: t(`age.${row.bucket}`),
                count: row.count,
                amounts: row.amounts,
                fill: ageColours[index],
              }))}
            />
          </div>
          <Text size="sm" c="dimmed" data-testid="open-amount-note">
            {t('open.amountNote')}
          </Text>
        </Stack>
      )}
    </Section>
  );
}

/** Resolution times, deadline compliance and outcomes of the issues closed in the period. */
export function ResolutionSection(props: { report: IssueReport }) {
  const { t } = useTranslation('issueReport');
  const format = useFormat();
  const nameOf = useLocalizedName();
  const { closed } = props.report;
  const oneDecimal = new Intl.NumberFormat(format.locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });

  return (
    <Section title={t('resolution.title')} testId="issue-report-resolution">
      {closed.count === 0 ? (
        <Text c="dimmed">{t('resolution.empty')}</Text>
      ) : (
        <Stack gap="xl">
          <Table.ScrollContainer minWidth={900}>
            <Table tabularNums verticalSpacing="xs" data-testid="resolution-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('open.category')}</Table.Th>
                  <Table.Th ta="right">{t('resolution.closed')}</Table.Th>
                  <Table.Th ta="right">{t('resolution.average')}</Table.Th>
                  <Table.Th ta="right" title={t('resolution.p90Hint')}>
                    {t('resolution.p90')}
                  </Table.Th>
                  <Table.Th>{t('resolution.target')}</Table.Th>
                  <Table.Th ta="right">{t('resolution.inTime')}</Table.Th>
                  {issueReportOutcomes.map((outcome) => (
                    <Table.Th key={outcome} ta="right">
                      {t(`outcomes.${outcome}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {closed.byCategory.map((row) => (
                  <Table.Tr key={row.category.id}>
                    <Table.Td>{nameOf(row.category)}</Table.Td>
                    <Table.Td ta="right">{format.number(row.count)}</Table.Td>
                    <Table.Td ta="right">{oneDecimal.format(row.averageDays)}</Table.Td>
                    <Table.Td ta="right">{format.number(row.p90Days)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {row.target.dayKind === 'working'
                        ? t('resolution.targetWorking', { count: row.target.daysToResolve })
                        : t('resolution.targetCalendar', { count: row.target.daysToResolve })}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {t('resolution.inTimeValue', {
                        percent: oneDecimal.format(row.inTimePercent),
                        count: row.inTimeCount,
                      })}
                    </Table.Td>
                    {row.outcomes.map((outcome) => (
                      <Table.Td key={outcome.outcome} ta="right">
                        {format.number(outcome.count)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed">
            {t('resolution.note')}
          </Text>
          <div>
            <Title order={5} mb="xs">
              {t('outcomes.title')}
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
              <Table tabularNums verticalSpacing="xs" data-testid="outcome-table">
                <Table.Tbody>
                  {closed.outcomes.map((outcome) => (
                    <Table.Tr key={outcome.outcome}>
                      <Table.Td>{t(`outcomes.${outcome.outcome}`)}</Table.Td>
                      <Table.Td ta="right">{format.number(outcome.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <CountBarChart
                data={closed.outcomes.map((outcome) => ({
                  label: t(`outcomes.${outcome.outcome}`),
                  value: outcome.count,
                }))}
                ariaLabel={t('outcomes.chart')}
                valueName={t('resolution.closed')}
              />
            </SimpleGrid>
          </div>
        </Stack>
      )}
    </Section>
  );
}

/** Issues opened per month and category: which causes come up, and when. */
export function RootCauseSection(props: { report: IssueReport }) {
  const { t } = useTranslation('issueReport');
  const format = useFormat();
  const nameOf = useLocalizedName();
  const { months, categories } = props.report.openedByMonth;
  const colours = categoryColours(props.report);
  const monthLabel = useMonthLabel();

  return (
    <Section title={t('rootCauses.title')} testId="issue-report-root-causes">
      {categories.length === 0 ? (
        <Text c="dimmed">{t('rootCauses.empty')}</Text>
      ) : (
        <Stack gap="md">
          <MonthlyStackedChart
            months={months}
            series={categories.map((row) => ({
              key: row.category.id,
              name: nameOf(row.category),
              counts: row.counts,
              fill: colours.get(row.category.id) ?? '#868e96',
            }))}
            ariaLabel={t('rootCauses.chart')}
          />
          <Table.ScrollContainer minWidth={600}>
            <Table tabularNums verticalSpacing="xs" data-testid="root-cause-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('open.category')}</Table.Th>
                  {months.map((month) => (
                    <Table.Th key={month} ta="right">
                      {monthLabel(month)}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('open.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {categories.map((row) => (
                  <Table.Tr key={row.category.id}>
                    <Table.Td>{nameOf(row.category)}</Table.Td>
                    {row.counts.map((count, index) => (
                      <Table.Td
                        key={months[index]}
                        ta="right"
                        c={count === 0 ? 'dimmed' : undefined}
                      >
                        {format.number(count)}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right" fw={700}>
                      {format.number(row.total)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
    </Section>
  );
}
