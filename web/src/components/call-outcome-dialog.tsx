import { Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/nl';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  callOutcomes,
  useRecordCallOutcome,
  type CallOutcome,
  type CallTaskItem,
} from '../api/use-call-tasks.ts';
import { useFormat } from '../format/use-format.ts';
import { currencyDigits, formatDecimalText, parseDecimalText } from './decimal-text.ts';
import { LoadError } from './load-error.tsx';

// Lets the date field read a typed date in its display format, such as "20 maart 2026".
dayjs.extend(customParseFormat);

/**
 * Records the outcome of a call. For a promise to pay, the dialog requests
 * the date (from the entity's today on) and the amount in the task's
 * currency, prefilled with the open amount of the call.
 */
export function CallOutcomeDialog(props: {
  task: CallTaskItem;
  /** The entity's local today, 'YYYY-MM-DD': the earliest date a promise may have. */
  today: string;
  onClose(): void;
}) {
  const { t, i18n } = useTranslation('home');
  const format = useFormat();
  const record = useRecordCallOutcome();
  const { task } = props;
  const [outcome, setOutcome] = useState<CallOutcome>('reached');
  const [note, setNote] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const [amountText, setAmountText] = useState(() => formatDecimalText(task.total, format.locale));
  const [showErrors, setShowErrors] = useState(false);

  const digits = currencyDigits(task.currency);
  const amount = parseDecimalText(amountText, format.locale, digits);
  const example = formatDecimalText((250).toFixed(digits), format.locale);
  const isPromise = outcome === 'promise';
  const dateError = isPromise && showErrors && !date ? t('outcome.dateRequired') : undefined;
  const amountError =
    isPromise && showErrors && amount === null
      ? t('outcome.amountInvalid', { example })
      : undefined;

  function save() {
    setShowErrors(true);
    if (isPromise && (!date || amount === null)) {
      return;
    }
    const trimmedNote = note.trim();
    record.mutate(
      {
        taskId: task.id,
        outcome,
        ...(trimmedNote ? { note: trimmedNote } : {}),
        ...(isPromise && date && amount ? { promise: { date, amount } } : {}),
      },
      {
        onSuccess: (result) => {
          const message = result.promise
            ? t('outcome.savedPromise', {
                debtor: task.debtor.name,
                amount: format.money(result.promise.amount, result.promise.currency),
                date: format.date(result.promise.promisedDate),
              })
            : t('outcome.saved', { debtor: task.debtor.name });
          notifications.show({ color: 'green', message });
          props.onClose();
        },
      },
    );
  }

  return (
    <Modal opened onClose={props.onClose} title={t('outcome.title')} centered size="lg">
      <Stack>
        <Text size="sm">
          {t('outcome.intro', {
            debtor: task.debtor.name,
            amount: format.money(task.total, task.currency),
          })}
        </Text>
        <Radio.Group
          label={t('outcome.label')}
          value={outcome}
          onChange={(value) => setOutcome(value as CallOutcome)}
        >
          <Stack gap="xs" mt="xs">
            {callOutcomes.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`outcome.${value}`)}
                description={t(`outcome.${value}Hint`)}
              />
            ))}
          </Stack>
        </Radio.Group>
        {isPromise && (
          <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
            <Group grow align="flex-start">
              <DateInput
                label={t('outcome.promiseDate')}
                value={date}
                onChange={setDate}
                minDate={props.today}
                valueFormat="D MMMM YYYY"
                error={dateError}
                required
                data-testid="promise-date"
              />
              <TextInput
                label={t('outcome.promiseAmount', { currency: task.currency })}
                value={amountText}
                onChange={(event) => setAmountText(event.currentTarget.value)}
                inputMode="decimal"
                error={amountError}
                required
                data-testid="promise-amount"
              />
            </Group>
          </DatesProvider>
        )}
        <Textarea
          label={t('outcome.note')}
          placeholder={t('outcome.notePlaceholder')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={2000}
        />
        {record.error && <LoadError error={record.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('outcome.cancel')}
          </Button>
          <Button onClick={save} loading={record.isPending} data-testid="save-outcome">
            {t('outcome.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
