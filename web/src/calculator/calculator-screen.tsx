import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/page-title.tsx';
import { CostsCalculator } from './costs-calculator.tsx';
import { InterestCalculator } from './interest-calculator.tsx';

/** Renders the calculator of collection costs and interest, for users with debtors.read. */
export function CalculatorScreen() {
  const { t } = useTranslation('calculator');

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('subtitle')} />
      <CostsCalculator />
      <InterestCalculator />
    </Stack>
  );
}
