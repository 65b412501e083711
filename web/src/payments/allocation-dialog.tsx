import { Button, Divider, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currencyDigits, formatDecimalText } from '../components/decimal-text.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { AllocationLines } from './allocation-lines.tsx';
import { checkDraft, proposedAmount, type DraftLine } from './allocation-draft.ts';
import { InvoiceChoiceTable } from './invoice-choice-table.tsx';
import { fromMinor, toMinor } from './minor-units.ts';
import { PaymentSummary } from './payment-summary.tsx';
import {
  useAllocatePayment,
  useOpenInvoiceSearch,
  type InvoiceChoice,
  type UnmatchedPayment,
} from './use-payments.ts';

/**
 * Allocates a receipt by hand: the user picks suggested or searched open
 * invoices and types an amount for each, in the UI language (a decimal
 * comma in Dutch). What is left of the remainder updates as they type, and
 * Allocate stays off while an amount is invalid, more than its invoice has
 * open, or the amounts add up to more than the remainder.
 */
export function AllocationDialog(props: { payment: UnmatchedPayment; onClose(): void }) {
  const { t } = useTranslation('payments');
  const format = useFormat();
  const { payment } = props;
  const digits = currencyDigits(payment.currency);
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const results = useOpenInvoiceSearch(payment.id, debouncedSearch);
  const allocate = useAllocatePayment();
  const checked = checkDraft(lines, toMinor(payment.remainder, digits), format.locale, digits);
  const chosen = new Set(lines.map((line) => line.invoice.invoiceId));

  function add(invoice: InvoiceChoice) {
    const amount = proposedAmount(invoice, checked.leftMinor, digits);
    setLines([...lines, { invoice, text: formatDecimalText(amount, format.locale) }]);
  }

  function change(invoiceId: string, text: string) {
    setLines(
      lines.map((line) => (line.invoice.invoiceId === invoiceId ? { ...line, text } : line)),
    );
  }

  function submit() {
    const allocations = checked.lines.flatMap((line) =>
      line.amount === null ? [] : [{ invoiceId: line.invoiceId, amount: line.amount }],
    );
    allocate.mutate(
      { paymentId: payment.id, allocations },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'green',
            message: t('allocation.done', {
              amount: format.money(result.allocated, payment.currency),
              count: result.invoices.length,
            }),
          });
          props.onClose();
        },
      },
    );
  }

  const money = (minor: number) => format.money(fromMinor(minor, digits), payment.currency);
  return (
    <Modal opened onClose={props.onClose} title={t('allocation.title')} size="xl" centered>
      <Stack gap="md">
        <PaymentSummary payment={payment} />
        <Divider />
        <Title order={5}>{t('allocation.suggested')}</Title>
        {payment.suggestions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('allocation.noSuggestions')}
          </Text>
        ) : (
          <InvoiceChoiceTable
            invoices={payment.suggestions}
            chosen={chosen}
            onAdd={add}
            testId="suggestions"
          />
        )}
        <TextInput
          label={t('allocation.search')}
          description={t('allocation.searchHint')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          data-testid="invoice-search"
        />
        {results.isError && <LoadError error={results.error} />}
        {results.data &&
          debouncedSearch.trim().length >= 2 &&
          (results.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('allocation.noResults')}
            </Text>
          ) : (
            <InvoiceChoiceTable
              invoices={results.data}
              chosen={chosen}
              onAdd={add}
              testId="search-results"
            />
          ))}
        <Divider />
        <Title order={5}>{t('allocation.lines')}</Title>
        <AllocationLines
          lines={lines}
          checked={checked}
          onChange={change}
          onRemove={(invoiceId) =>
            setLines(lines.filter((line) => line.invoice.invoiceId !== invoiceId))
          }
        />
        <Group justify="space-between" data-testid="allocation-totals">
          <Text size="sm">{t('allocation.total', { amount: money(checked.totalMinor) })}</Text>
          <Text
            size="sm"
            fw={600}
            c={checked.leftMinor < 0 ? 'red.7' : undefined}
            data-testid="allocation-left"
          >
            {checked.leftMinor < 0
              ? t('allocation.overRemainder', { amount: money(-checked.leftMinor) })
              : t('allocation.left', { amount: money(checked.leftMinor) })}
          </Text>
        </Group>
        {allocate.error && <LoadError error={allocate.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('cancel')}
          </Button>
          <Button
            onClick={submit}
            disabled={!checked.ready}
            loading={allocate.isPending}
            data-testid="save-allocation"
          >
            {t('allocation.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
