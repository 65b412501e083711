import {
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decimal } from '../api/types.ts';
import { formatDecimalText, readDecimalText } from '../components/decimal-text.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { ResultFigure } from './result-figure.tsx';
import { parsePercentText } from './typed-values.ts';
import { useCostsCalculation, type CostsResult } from './use-calculator.ts';

type DebtorKind = 'b2b' | 'b2c';

/**
 * Renders the collection costs calculator for a principal and an optional
 * VAT rate. The debtor's kind changes only the explanation, because the
 * scale is the same: for consumers it is the maximum, for businesses the default.
 */
export function CostsCalculator() {
  const { t } = useTranslation('calculator');
  const format = useFormat();
  const calculation = useCostsCalculation();
  const [principal, setPrincipal] = useState('');
  const [vatRate, setVatRate] = useState('');
  const [debtorKind, setDebtorKind] = useState<DebtorKind>('b2b');
  const [errors, setErrors] = useState<{ principal?: string; vatRate?: string }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const principalText = readDecimalText(principal, format.locale, 2);
    const principalValue = principalText.ok ? principalText.value : null;
    const vatValue = vatRate.trim() === '' ? undefined : parsePercentText(vatRate, format.locale);
    const next = {
      principal: principalText.ok ? undefined : t(`errors.principal.${principalText.problem}`),
      vatRate: vatValue === null ? t('errors.percent') : undefined,
    };
    setErrors(next);
    if (principalValue === null || vatValue === null) {
      // The result of earlier input would read as the result of this one.
      calculation.reset();
      return;
    }
    calculation.mutate({ principal: principalValue, ...(vatValue && { vatRate: vatValue }) });
  }

  return (
    <Paper withBorder p="md" data-testid="costs-calculator">
      <Title order={3} mb="xs">
        {t('costs.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('costs.scale')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label={t('principal')}
            placeholder={formatDecimalText('3000.00', format.locale)}
            value={principal}
            onChange={(event) => setPrincipal(event.currentTarget.value)}
            error={errors.principal}
            w={180}
            inputMode="decimal"
            data-testid="costs-principal"
          />
          <TextInput
            label={t('costs.vatRate')}
            description={t('costs.vatHint')}
            placeholder="21"
            value={vatRate}
            onChange={(event) => setVatRate(event.currentTarget.value)}
            error={errors.vatRate}
            w={220}
            inputMode="decimal"
            rightSection="%"
            data-testid="costs-vat"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('costs.debtorKind')}
            </Text>
            <SegmentedControl
              value={debtorKind}
              onChange={(value) => setDebtorKind(value === 'b2c' ? 'b2c' : 'b2b')}
              data={[
                { value: 'b2b', label: t('costs.b2b') },
                { value: 'b2c', label: t('costs.b2c') },
              ]}
              data-testid="costs-debtor-kind"
            />
          </Stack>
        </Group>
        <Text size="sm" mt="sm" data-testid="costs-kind-note">
          {debtorKind === 'b2c' ? t('costs.b2cNote') : t('costs.b2bNote')}
        </Text>
        <Button type="submit" mt="md" loading={calculation.isPending} data-testid="costs-calculate">
          {t('calculate')}
        </Button>
      </form>
      {calculation.isError && (
        <Stack mt="md">
          <LoadError error={calculation.error} />
        </Stack>
      )}
      {calculation.data && <CostsResultView result={calculation.data} />}
    </Paper>
  );
}

function CostsResultView(props: { result: CostsResult }) {
  const { t } = useTranslation('calculator');
  const format = useFormat();
  const { result } = props;
  const euros = (amount: Decimal) => format.money(amount, 'EUR');
  const percent = (rate: string) => `${formatDecimalText(rate, format.locale)} %`;

  return (
    <Stack mt="lg" gap="md" data-testid="costs-result">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <ResultFigure label={t('costs.net')} value={euros(result.net)} testId="costs-net" />
        <ResultFigure
          label={t('costs.vat', { rate: percent(result.vatRate) })}
          value={euros(result.vat)}
          testId="costs-vat-amount"
        />
        <ResultFigure label={t('costs.total')} value={euros(result.costs)} testId="costs-total" />
      </SimpleGrid>
      <Table withTableBorder striped data-testid="costs-brackets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('costs.bracket')}</Table.Th>
            <Table.Th ta="right">{t('rate')}</Table.Th>
            <Table.Th ta="right">{t('costs.base')}</Table.Th>
            <Table.Th ta="right">{t('costs.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {result.brackets.map((bracket) => (
            <Table.Tr key={bracket.from}>
              <Table.Td>
                {bracket.to === null
                  ? t('costs.bracketAbove', { from: euros(bracket.from) })
                  : t('costs.bracketRange', { from: euros(bracket.from), to: euros(bracket.to) })}
              </Table.Td>
              <Table.Td ta="right">{percent(bracket.rate)}</Table.Td>
              <Table.Td ta="right">{euros(bracket.base)}</Table.Td>
              <Table.Td ta="right">{euros(bracket.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {result.limit && (
        <Alert color="blue" data-testid="costs-limit">
          {result.limit === 'minimum' ? t('costs.minimumApplied') : t('costs.maximumApplied')}
        </Alert>
      )}
    </Stack>
  );
}
