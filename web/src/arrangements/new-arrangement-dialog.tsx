import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { useAccess } from '../api/use-session.ts';
import '../components/date-input-setup.ts';
import { LoadError } from '../components/load-error.tsx';
import { translateServerMessage } from '../components/server-message.ts';
import { useFormat } from '../format/use-format.ts';
import { INSTALMENT_COUNT, previewSchedule } from './schedule-preview.ts';
import { useCreateArrangement, type ArrangementFrequency } from './use-arrangements.ts';

const FREQUENCIES: ArrangementFrequency[] = ['weekly', 'fortnightly', 'monthly', 'quarterly'];

/** The maximum note length the server accepts. */
const MAX_NOTE_LENGTH = 2000;

/**
 * Creates a payment arrangement from the customer card for chosen open
 * invoices, and previews its schedule before saving. A user with
 * payments.manage may approve it at once. Otherwise it is requested and
 * waits for approval.
 */
export function NewArrangementDialog(props: {
  debtorId: string;
  invoices: DebtorInvoice[];
  /** The entity's local today, 'YYYY-MM-DD': the earliest first due date. */
  today: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation('arrangements');
  const format = useFormat();
  const access = useAccess();
  const canApprove = access.can('payments.manage');
  const create = useCreateArrangement(props.debtorId);
  const [chosen, setChosen] = useState<string[]>([]);
  const [instalmentCount, setInstalmentCount] = useState<number | null>(3);
  const [frequency, setFrequency] = useState<ArrangementFrequency>('monthly');
  const [firstDueDate, setFirstDueDate] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [approve, setApprove] = useState(canApprove);

  const open = props.invoices.filter(
    (invoice) => invoice.kind === 'invoice' && Number(invoice.open) > 0,
  );
  const preview = previewSchedule({
    invoices: open.filter((invoice) => chosen.includes(invoice.id)),
    instalmentCount,
    frequency,
    firstDueDate,
  });

  function close() {
    setChosen([]);
    setInstalmentCount(3);
    setFrequency('monthly');
    setFirstDueDate(null);
    setNote('');
    setApprove(canApprove);
    create.reset();
    props.onClose();
  }

  function submit() {
    if (preview.kind !== 'schedule' || instalmentCount === null || !firstDueDate) {
      return;
    }
    create.mutate(
      {
        invoiceIds: chosen,
        instalmentCount,
        frequency,
        firstDueDate,
        note: note.trim() || null,
        approve: canApprove && approve,
      },
      { onSuccess: close },
    );
  }

  return (
    <Modal opened={props.opened} onClose={close} title={t('dialog.title')} size="lg">
      <Stack gap="sm">
        {open.length === 0 ? (
          <Text c="dimmed">{t('dialog.noOpenInvoices')}</Text>
        ) : (
          <Checkbox.Group label={t('dialog.invoices')} value={chosen} onChange={setChosen}>
            <Stack gap={4} mt="xs">
              {open.map((invoice) => (
                <Checkbox
                  key={invoice.id}
                  value={invoice.id}
                  label={t('dialog.invoiceLine', {
                    number: invoice.number,
                    dueDate: format.date(invoice.dueDate),
                    open: format.money(invoice.open, invoice.currency),
                  })}
                />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        <Group grow align="flex-start">
          <NumberInput
            label={t('dialog.instalmentCount')}
            value={instalmentCount ?? ''}
            onChange={(value) => setInstalmentCount(typeof value === 'number' ? value : null)}
            min={INSTALMENT_COUNT.min}
            max={INSTALMENT_COUNT.max}
            allowDecimal={false}
            allowNegative={false}
            data-testid="arrangement-count"
          />
          <Select
            label={t('dialog.frequency')}
            data={FREQUENCIES.map((value) => ({ value, label: t(`frequency.${value}`) }))}
            value={frequency}
            onChange={(value) => value && setFrequency(value as ArrangementFrequency)}
            allowDeselect={false}
            data-testid="arrangement-frequency"
          />
          <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
            <DateInput
              label={t('dialog.firstDueDate')}
              value={firstDueDate}
              onChange={setFirstDueDate}
              minDate={props.today}
              valueFormat="D MMMM YYYY"
              data-testid="arrangement-first-date"
            />
          </DatesProvider>
        </Group>
        <Textarea
          label={t('dialog.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={MAX_NOTE_LENGTH}
          autosize
          minRows={2}
        />
        {canApprove && (
          <Checkbox
            label={t('dialog.approveNow')}
            checked={approve}
            onChange={(event) => setApprove(event.currentTarget.checked)}
            data-testid="arrangement-approve-now"
          />
        )}

        {preview.kind === 'incomplete' && (
          <Text size="sm" c="dimmed">
            {t('dialog.previewHint')}
          </Text>
        )}
        {preview.kind === 'invalid' && (
          <Alert color="red" data-testid="arrangement-preview-error">
            {translateServerMessage(i18n, preview.message)}
          </Alert>
        )}
        {preview.kind === 'schedule' && (
          <Stack gap={4} data-testid="arrangement-preview">
            <Text fw={500}>
              {t('dialog.previewTitle', {
                count: preview.instalments.length,
                total: format.money(preview.total, preview.currency),
              })}
            </Text>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('schedule.sequence')}</Table.Th>
                  <Table.Th>{t('schedule.dueDate')}</Table.Th>
                  <Table.Th ta="right">{t('schedule.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.instalments.map((instalment) => (
                  <Table.Tr key={instalment.sequence}>
                    <Table.Td>{instalment.sequence}</Table.Td>
                    <Table.Td>{format.date(instalment.dueDate)}</Table.Td>
                    <Table.Td ta="right">
                      {format.money(instalment.amount, preview.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}

        {create.error && <LoadError error={create.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('dialog.cancel')}
          </Button>
          <Button
            onClick={submit}
            loading={create.isPending}
            disabled={preview.kind !== 'schedule'}
            data-testid="arrangement-save"
          >
            {canApprove && approve ? t('dialog.saveActive') : t('dialog.saveRequested')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
