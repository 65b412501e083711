import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DATE_DISPLAY_FORMAT,
  parsePercentText,
  parseTypedDate,
} from '../../calculator/typed-values.ts';
import { formatDecimalText } from '../../components/decimal-text.ts';
import { LoadError } from '../../components/load-error.tsx';
import { useFormat } from '../../format/use-format.ts';
import { useSaveRateTable, type RateEntry, type RateTable } from './use-interest-rates.ts';

interface EditedRate {
  /** Keeps React's rows stable while dates change. */
  key: number;
  validFrom: string | null;
  /** The rate as typed, in the UI language. */
  rateText: string;
}

interface RowErrors {
  validFrom?: string;
  rate?: string;
}

let nextKey = 0;

/**
 * Edits one rate table: add a rate from a date, change or remove rates, and
 * set the covered-through date. Rows show newest first and are saved in
 * date order. The server rejects repeated dates and a covered-through date
 * before the last rate, and the editor shows its message.
 */
export function RateTableEditor(props: { table: RateTable; onClose(): void }) {
  const { t, i18n } = useTranslation('interestRates');
  const format = useFormat();
  const save = useSaveRateTable();
  const locale = i18n.resolvedLanguage ?? 'en';
  const [rows, setRows] = useState<EditedRate[]>(() =>
    [...props.table.entries].reverse().map((entry) => ({
      key: (nextKey += 1),
      validFrom: entry.validFrom,
      rateText: formatDecimalText(entry.rate, format.locale),
    })),
  );
  const [coveredThrough, setCoveredThrough] = useState<string | null>(props.table.coveredThrough);
  const [rowErrors, setRowErrors] = useState<Record<number, RowErrors>>({});
  const [coveredError, setCoveredError] = useState<string | undefined>();

  const update = (key: number, change: Partial<EditedRate>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));

  function submit() {
    const errors: Record<number, RowErrors> = {};
    const entries: RateEntry[] = [];
    for (const row of rows) {
      const rate = parsePercentText(row.rateText, format.locale);
      if (row.validFrom === null || rate === null) {
        errors[row.key] = {
          validFrom: row.validFrom === null ? t('errors.date') : undefined,
          rate: rate === null ? t('errors.rate') : undefined,
        };
        continue;
      }
      entries.push({ validFrom: row.validFrom, rate });
    }
    setRowErrors(errors);
    setCoveredError(coveredThrough === null ? t('errors.date') : undefined);
    if (Object.keys(errors).length > 0 || coveredThrough === null) {
      return;
    }
    if (entries.length === 0) {
      setCoveredError(t('errors.noRates'));
      return;
    }
    entries.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    save.mutate(
      { kind: props.table.kind, coveredThrough, entries },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('saved') });
          props.onClose();
        },
      },
    );
  }

  return (
    <DatesProvider settings={{ locale }}>
      <Stack gap="sm" data-testid={`editor-${props.table.kind}`}>
        <DateInput
          label={t('coveredThroughLabel')}
          description={t('coveredThroughHint')}
          value={coveredThrough}
          onChange={setCoveredThrough}
          valueFormat={DATE_DISPLAY_FORMAT}
          dateParser={(text) => parseTypedDate(text, locale)}
          error={coveredError}
          w={260}
          data-testid="edit-covered-through"
        />
        <Group>
          <Button
            variant="light"
            size="compact-sm"
            onClick={() =>
              setRows((current) => [
                { key: (nextKey += 1), validFrom: null, rateText: '' },
                ...current,
              ])
            }
            data-testid="add-rate"
          >
            {t('addRate')}
          </Button>
        </Group>
        {rows.length === 0 && <Text c="dimmed">{t('noRates')}</Text>}
        {rows.map((row, index) => (
          <Group key={row.key} align="flex-start" gap="xs" data-testid={`edit-row-${index}`}>
            <DateInput
              aria-label={t('validFrom')}
              placeholder={t('validFrom')}
              value={row.validFrom}
              onChange={(value) => update(row.key, { validFrom: value })}
              valueFormat={DATE_DISPLAY_FORMAT}
              dateParser={(text) => parseTypedDate(text, locale)}
              error={rowErrors[row.key]?.validFrom}
              w={200}
              data-testid="edit-valid-from"
            />
            <TextInput
              aria-label={t('rate')}
              placeholder={t('rate')}
              value={row.rateText}
              onChange={(event) => update(row.key, { rateText: event.currentTarget.value })}
              error={rowErrors[row.key]?.rate}
              rightSection="%"
              inputMode="decimal"
              w={120}
              data-testid="edit-rate"
            />
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('removeRate')}
              title={t('removeRate')}
              onClick={() => setRows((current) => current.filter((other) => other.key !== row.key))}
              data-testid="remove-rate"
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        {save.isError && <LoadError error={save.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button onClick={submit} loading={save.isPending} data-testid="save-rates">
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </DatesProvider>
  );
}
