import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decimal } from '../api/types.ts';
import { formatDecimalText, readDecimalText } from '../components/decimal-text.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { ResultFigure } from './result-figure.tsx';
import { DATE_DISPLAY_FORMAT, parsePercentText, parseTypedDate } from './typed-values.ts';
import {
  useInterestCalculation,
  type DayCount,
  type InterestKind,
  type InterestResult,
} from './use-calculator.ts';

interface FieldErrors {
  principal?: string;
  from?: string;
  to?: string;
  rate?: string;
}

/**
 * Renders the interest calculator: statutory commercial or consumer interest
 * over the organisation's rate tables, or contractual interest at a typed
 * rate. The result lists the periods of one rate and base, and warns when
 * the period reaches past the table.
 */
export function InterestCalculator() {
  const { t, i18n } = useTranslation('calculator');
  const format = useFormat();
  const calculation = useInterestCalculation();
  const [principal, setPrincipal] = useState('');
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [kind, setKind] = useState<InterestKind>('commercial');
  const [rate, setRate] = useState('');
  const [dayCount, setDayCount] = useState<DayCount>('act365');
  const [errors, setErrors] = useState<FieldErrors>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const principalText = readDecimalText(principal, format.locale, 2);
    const principalValue = principalText.ok ? principalText.value : null;
    const rateValue = kind === 'contractual' ? parsePercentText(rate, format.locale) : undefined;
    const next: FieldErrors = {
      principal: principalText.ok ? undefined : t(`errors.principal.${principalText.problem}`),
      from: from === null ? t('errors.date') : undefined,
      to: to === null ? t('errors.date') : undefined,
      rate: rateValue === null ? t('errors.percent') : undefined,
    };
    if (from !== null && to !== null && to < from) {
      next.to = t('errors.toBeforeFrom');
    }
    setErrors(next);
    if (Object.values(next).some((message) => message !== undefined)) {
      // The result of earlier input would read as the result of this one.
      calculation.reset();
      return;
    }
    if (principalValue === null || from === null || to === null || rateValue === null) {
      return;
    }
    calculation.mutate({
      principal: principalValue,
      from,
      to,
      kind,
      dayCount,
      ...(rateValue !== undefined && { rate: rateValue }),
    });
  }

  const locale = i18n.resolvedLanguage ?? 'en';
  return (
    <Paper withBorder p="md" data-testid="interest-calculator">
      <Title order={3} mb="xs">
        {t('interest.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('interest.method')}
      </Text>
      <form onSubmit={submit} noValidate>
        <DatesProvider settings={{ locale }}>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('principal')}
              placeholder={formatDecimalText('2500.00', format.locale)}
              value={principal}
              onChange={(event) => setPrincipal(event.currentTarget.value)}
              error={errors.principal}
              w={180}
              inputMode="decimal"
              data-testid="interest-principal"
            />
            <DateInput
              label={t('interest.from')}
              value={from}
              onChange={setFrom}
              valueFormat={DATE_DISPLAY_FORMAT}
              dateParser={(text) => parseTypedDate(text, locale)}
              error={errors.from}
              w={190}
              data-testid="interest-from"
            />
            <DateInput
              label={t('interest.to')}
              value={to}
              onChange={setTo}
              valueFormat={DATE_DISPLAY_FORMAT}
              dateParser={(text) => parseTypedDate(text, locale)}
              error={errors.to}
              w={190}
              data-testid="interest-to"
            />
          </Group>
        </DatesProvider>
        <Group align="flex-start" wrap="wrap" mt="sm">
          <Select
            label={t('interest.kind')}
            value={kind}
            onChange={(value) => setKind(isInterestKind(value) ? value : 'commercial')}
            data={[
              { value: 'commercial', label: t('interest.kinds.commercial') },
              { value: 'consumer', label: t('interest.kinds.consumer') },
              { value: 'contractual', label: t('interest.kinds.contractual') },
            ]}
            allowDeselect={false}
            w={260}
            data-testid="interest-kind"
          />
          {kind === 'contractual' && (
            <TextInput
              label={t('interest.rate')}
              placeholder="8"
              value={rate}
              onChange={(event) => setRate(event.currentTarget.value)}
              error={errors.rate}
              w={160}
              inputMode="decimal"
              rightSection="%"
              data-testid="interest-rate"
            />
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('interest.dayCount')}
            </Text>
            <SegmentedControl
              value={dayCount}
              onChange={(value) => setDayCount(value === 'actact' ? 'actact' : 'act365')}
              data={[
                { value: 'act365', label: t('interest.act365') },
                { value: 'actact', label: t('interest.actact') },
              ]}
              data-testid="interest-day-count"
            />
          </Stack>
        </Group>
        <Button
          type="submit"
          mt="md"
          loading={calculation.isPending}
          data-testid="interest-calculate"
        >
          {t('calculate')}
        </Button>
      </form>
      {calculation.isError && (
        <Stack mt="md">
          <LoadError error={calculation.error} />
        </Stack>
      )}
      {calculation.data && <InterestResultView result={calculation.data} />}
    </Paper>
  );
}

function isInterestKind(value: string | null): value is InterestKind {
  return value === 'commercial' || value === 'consumer' || value === 'contractual';
}

function InterestResultView(props: { result: InterestResult }) {
  const { t } = useTranslation('calculator');
  const format = useFormat();
  const { result } = props;
  const euros = (amount: Decimal) => format.money(amount, 'EUR');
  const percent = (value: string) => `${formatDecimalText(value, format.locale)} %`;

  return (
    <Stack mt="lg" gap="md" data-testid="interest-result">
      {result.beyondTable && (
        <Alert color="orange" title={t('interest.beyondTitle')} data-testid="interest-warning">
          {t('interest.beyondText', {
            date: format.date(result.beyondTable.coveredThrough),
            rate: percent(result.beyondTable.appliedRate),
          })}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <ResultFigure
          label={t('interest.total')}
          value={euros(result.interest)}
          testId="interest-total"
        />
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            {t('interest.tableSource')}
          </Text>
          <Text data-testid="interest-source">
            {t(`interest.sources.${result.table.source}`, {
              date: format.date(result.table.coveredThrough),
            })}
          </Text>
        </Paper>
      </SimpleGrid>
      <Table withTableBorder striped data-testid="interest-periods">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('interest.from')}</Table.Th>
            <Table.Th>{t('interest.to')}</Table.Th>
            <Table.Th ta="right">{t('interest.days')}</Table.Th>
            <Table.Th ta="right">{t('rate')}</Table.Th>
            <Table.Th ta="right">{t('interest.base')}</Table.Th>
            <Table.Th ta="right">{t('interest.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.periods.map((period) => (
            <Table.Tr key={period.from} data-testid={`interest-period-${period.from}`}>
              <Table.Td>{format.date(period.from)}</Table.Td>
              <Table.Td>{format.date(period.to)}</Table.Td>
              <Table.Td ta="right">{format.number(period.days)}</Table.Td>
              <Table.Td ta="right">{percent(period.rate)}</Table.Td>
              <Table.Td ta="right">{euros(period.base)}</Table.Td>
              <Table.Td ta="right">{euros(period.interest)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('interest.rounding')}
      </Text>
    </Stack>
  );
}
