import { Button, Group, Popover, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  maxCallAttempts,
  useRecordCallOutcome,
  type CallOutcome,
  type CallOutcomeRequest,
  type CallOutcomeResult,
  type CallTaskItem,
} from '../api/use-call-tasks.ts';
import { useDebtorCard } from '../api/use-debtors.ts';
import { useFormat } from '../format/use-format.ts';
import { RegisterIssueDialog } from '../issues/register-issue-dialog.tsx';
import './date-input-setup.ts';
import { currencyDigits, formatDecimalText, parseDecimalText } from './decimal-text.ts';
import { LoadError } from './load-error.tsx';

/** The outcomes in the order of their buttons, each with its button colour. */
const BUTTONS: ReadonlyArray<{ outcome: CallOutcome; color: string }> = [
  { outcome: 'promise', color: 'green' },
  { outcome: 'no_answer', color: 'gray' },
  { outcome: 'wrong_number', color: 'yellow' },
  { outcome: 'dispute', color: 'red' },
  { outcome: 'reached', color: 'blue' },
];

/**
 * One button per call outcome for a row of the call list. Each opens a small
 * form next to the button, which states what the outcome does to dunning. The
 * issue button opens the "register issue" dialog instead, and records the
 * outcome 'dispute' once the issue is registered.
 */
export function CallOutcomeButtons(props: {
  task: CallTaskItem;
  /** The entity's local today, 'YYYY-MM-DD': the earliest promised or retry date. */
  today: string;
  /** Opens CallIssueDialog for the task; the screen keeps it open after the row leaves the list. */
  onIssue(task: CallTaskItem): void;
}) {
  const { t } = useTranslation('callList');
  const [open, setOpen] = useState<Exclude<CallOutcome, 'dispute'> | null>(null);
  const close = () => setOpen(null);

  return (
    <Group gap={4} justify="flex-end">
      {BUTTONS.map(({ outcome, color }) => {
        if (outcome === 'dispute') {
          return (
            <Button
              key={outcome}
              size="compact-xs"
              variant="light"
              color={color}
              onClick={() => props.onIssue(props.task)}
              data-outcome-button={outcome}
            >
              {t(`actions.${outcome}`)}
            </Button>
          );
        }
        const button = (
          <Button
            size="compact-xs"
            variant={open === outcome ? 'filled' : 'light'}
            color={color}
            onClick={() => setOpen(open === outcome ? null : outcome)}
            data-outcome-button={outcome}
          >
            {t(`actions.${outcome}`)}
          </Button>
        );
        return (
          <Popover
            key={outcome}
            opened={open === outcome}
            onChange={(opened) => setOpen(opened ? outcome : null)}
            position="bottom-end"
            width={320}
            withArrow
            shadow="md"
          >
            <Popover.Target>{button}</Popover.Target>
            <Popover.Dropdown data-testid={`outcome-form-${outcome}`}>
              <OutcomeForm task={props.task} outcome={outcome} today={props.today} onDone={close} />
            </Popover.Dropdown>
          </Popover>
        );
      })}
    </Group>
  );
}

/** Renders the form of one outcome: its own fields, a note, its effect on dunning, and save. */
function OutcomeForm(props: {
  task: CallTaskItem;
  outcome: Exclude<CallOutcome, 'dispute'>;
  today: string;
  onDone(): void;
}) {
  const { t, i18n } = useTranslation('callList');
  const format = useFormat();
  const record = useRecordCallOutcome();
  const { task, outcome } = props;
  const [note, setNote] = useState('');
  const [date, setDate] = useState<string | null>(null);
  const [amountText, setAmountText] = useState(() => formatDecimalText(task.total, format.locale));
  const [number, setNumber] = useState(task.debtor.phone ?? '');
  const [showErrors, setShowErrors] = useState(false);

  const digits = currencyDigits(task.currency);
  const amount = parseDecimalText(amountText, format.locale, digits);
  const example = formatDecimalText((250).toFixed(digits), format.locale);
  const errors = {
    date: outcome === 'promise' && !date ? t('form.dateRequired') : undefined,
    amount:
      outcome === 'promise' && amount === null ? t('form.amountInvalid', { example }) : undefined,
    number: outcome === 'wrong_number' && !number.trim() ? t('form.numberRequired') : undefined,
  };
  const attempt = task.attempts + 1;

  function save() {
    setShowErrors(true);
    if (errors.date || errors.amount || errors.number) {
      return;
    }
    const request: CallOutcomeRequest = { taskId: task.id, outcome };
    if (note.trim()) {
      request.note = note.trim();
    }
    if (outcome === 'promise' && date && amount) {
      request.promise = { date, amount };
    }
    if (outcome === 'no_answer' && date) {
      request.retryOn = date;
    }
    if (outcome === 'wrong_number') {
      request.number = number.trim();
    }
    record.mutate(request, {
      onSuccess: (result) => {
        notifications.show({ color: 'green', message: savedMessage(result) });
        props.onDone();
      },
    });
  }

  /** Builds the saved message of a promise, with the number of pending reminders removed. */
  function promiseSavedMessage(result: CallOutcomeResult) {
    const saved = t('saved.promise', {
      debtor: task.debtor.name,
      amount: format.money(result.promise?.amount ?? task.total, task.currency),
      date: format.date(result.promise?.promisedDate ?? ''),
    });
    const count = result.removedMessageIds.length;

    return count > 0 ? `${saved} ${t('saved.promiseRemoved', { count })}` : saved;
  }

  function savedMessage(result: CallOutcomeResult) {
    const debtor = task.debtor.name;
    switch (outcome) {
      case 'promise':
        return promiseSavedMessage(result);
      case 'no_answer':
        if (result.status !== 'open') {
          return t('saved.no_answerClosed', { debtor, max: maxCallAttempts });
        }
        return result.retryOnMovedFrom
          ? t('saved.no_answerMoved', {
              debtor,
              requested: format.date(result.retryOnMovedFrom),
              date: format.date(result.retryOn ?? ''),
            })
          : t('saved.no_answer', { debtor, date: format.date(result.retryOn ?? '') });
      case 'wrong_number':
        return t('saved.wrong_number', { debtor, number: number.trim() });
      case 'reached':
        return t('saved.reached', { debtor });
    }
  }

  const dateField = (label: string, placeholder?: string) => (
    <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
      <DateInput
        size="xs"
        label={label}
        placeholder={placeholder}
        value={date}
        onChange={setDate}
        minDate={props.today}
        valueFormat="D MMMM YYYY"
        clearable={outcome === 'no_answer'}
        error={showErrors ? errors.date : undefined}
        required={outcome === 'promise'}
        popoverProps={{ withinPortal: false }}
        data-testid={`${outcome}-date`}
      />
    </DatesProvider>
  );

  let fields: ReactNode = null;
  let effect = t('form.reachedEffect');
  if (outcome === 'promise') {
    fields = (
      <>
        {dateField(t('form.promiseDate'))}
        <TextInput
          size="xs"
          label={t('form.promiseAmount', { currency: task.currency })}
          value={amountText}
          onChange={(event) => setAmountText(event.currentTarget.value)}
          inputMode="decimal"
          error={showErrors ? errors.amount : undefined}
          required
          data-testid="promise-amount"
        />
      </>
    );
    effect = t('form.promiseEffect');
  } else if (outcome === 'no_answer') {
    fields = dateField(t('form.retryOn'), t('form.retryOnPlaceholder'));
    effect =
      attempt >= maxCallAttempts
        ? t('form.noAnswerLast', { attempt, max: maxCallAttempts })
        : t('form.noAnswerEffect');
  } else if (outcome === 'wrong_number') {
    fields = (
      <TextInput
        size="xs"
        label={t('form.number')}
        value={number}
        onChange={(event) => setNumber(event.currentTarget.value)}
        maxLength={50}
        error={showErrors ? errors.number : undefined}
        required
        data-testid="wrong-number"
      />
    );
    effect = t('form.wrongNumberEffect');
  }

  return (
    <Stack gap="xs">
      {fields}
      <Textarea
        size="xs"
        label={t('form.note')}
        placeholder={t('form.notePlaceholder')}
        value={note}
        onChange={(event) => setNote(event.currentTarget.value)}
        autosize
        minRows={1}
        maxLength={2000}
      />
      <Text size="xs" c="dimmed" data-testid="outcome-effect">
        {effect}
      </Text>
      {record.error && <LoadError error={record.error} />}
      <Group justify="flex-end">
        <Button size="xs" onClick={save} loading={record.isPending} data-testid="save-outcome">
          {t('form.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Opens the "register issue" dialog for the task's debtor. Once the issue is
 * registered, it records the outcome 'dispute' with the issue number as note.
 */
export function CallIssueDialog(props: { task: CallTaskItem; onClose(): void }) {
  const { t } = useTranslation('callList');
  const card = useDebtorCard(props.task.debtor.id);
  const record = useRecordCallOutcome();
  const { task } = props;

  if (card.isError) {
    return <LoadError error={card.error} />;
  }
  if (!card.data) {
    return null;
  }
  return (
    <>
      {record.error && <LoadError error={record.error} />}
      <RegisterIssueDialog
        entityCode={task.entityCode}
        debtor={task.debtor}
        invoices={card.data.invoices}
        onCreated={(issue) =>
          record.mutate(
            {
              taskId: task.id,
              outcome: 'dispute',
              note: t('issueNote', { number: issue.number }),
            },
            {
              onSuccess: () =>
                notifications.show({
                  color: 'green',
                  message: t('saved.dispute', { number: issue.number, debtor: task.debtor.name }),
                }),
            },
          )
        }
        onClose={props.onClose}
      />
    </>
  );
}
