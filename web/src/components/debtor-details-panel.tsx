import { Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorDetails } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { useCodeLabel } from './code-label.ts';

export function DebtorDetailsPanel(props: { debtor: DebtorDetails }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();
  const { debtor } = props;
  const address = [debtor.addressLine, [debtor.postalCode, debtor.city].filter(Boolean).join(' ')]
    .concat(debtor.country ?? '')
    .filter(Boolean)
    .join(', ');

  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="md">
        <Field label={t('debtorCard.open')}>
          <Text fw={700} size="lg">
            {format.money(debtor.open, debtor.currency)}
          </Text>
        </Field>
        <Field label={t('debtorCard.overdue')}>
          <Text fw={700} size="lg" c={Number(debtor.overdue) > 0 ? 'red.7' : undefined}>
            {format.money(debtor.overdue, debtor.currency)}
          </Text>
        </Field>
        <Field label={t('debtorCard.kind')}>{label('debtorKind', debtor.kind)}</Field>
        <Field label={t('debtorCard.language')}>{debtor.language.toUpperCase()}</Field>
        <Field label={t('debtorCard.email')}>{debtor.email ?? '–'}</Field>
        <Field label={t('debtorCard.phone')}>{debtor.phone ?? '–'}</Field>
        <Field label={t('debtorCard.address')}>{address || '–'}</Field>
        <Field label={t('debtorCard.entity')}>{debtor.entityCode}</Field>
      </SimpleGrid>
    </Paper>
  );
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {props.label}
      </Text>
      {typeof props.children === 'string' ? (
        <Text size="sm">{props.children}</Text>
      ) : (
        props.children
      )}
    </Stack>
  );
}
