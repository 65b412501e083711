import {
  Alert,
  Button,
  Checkbox,
  CopyButton,
  Group,
  Modal,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { useCreatePaymentLink, type CreatedPaymentLink } from './use-payment-links.ts';

/**
 * Makes a payment link for the open total or for chosen invoices, then
 * shows its address once, with a copy button. The server stores only a
 * hash of the address, so closing the dialog loses it.
 */
export function PaymentLinkDialog(props: {
  debtorId: string;
  invoices: DebtorInvoice[];
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('paymentLinks');
  const format = useFormat();
  const create = useCreatePaymentLink(props.debtorId);
  const [scope, setScope] = useState<'total' | 'chosen'>('total');
  const [chosen, setChosen] = useState<string[]>([]);
  const [created, setCreated] = useState<CreatedPaymentLink | null>(null);
  const payable = props.invoices.filter(
    (invoice) => invoice.kind === 'invoice' && Number(invoice.open) > 0,
  );

  function close() {
    setCreated(null);
    setChosen([]);
    setScope('total');
    create.reset();
    props.onClose();
  }

  function submit() {
    create.mutate(scope === 'chosen' ? chosen : undefined, { onSuccess: setCreated });
  }

  return (
    <Modal opened={props.opened} onClose={close} title={t('dialog.title')} size="lg">
      {created ? (
        <Stack gap="sm" data-testid="payment-link-created">
          <Text>
            {t('dialog.createdFor', { amount: format.money(created.amount, created.currency) })}
          </Text>
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <TextInput
              label={t('dialog.address')}
              value={created.url}
              readOnly
              style={{ flex: 1 }}
              onFocus={(event) => event.currentTarget.select()}
              data-testid="payment-link-url"
            />
            <CopyButton value={created.url}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? 'light' : 'filled'}
                  color={copied ? 'teal' : undefined}
                  onClick={copy}
                >
                  {copied ? t('dialog.copied') : t('dialog.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Alert color="yellow">{t('dialog.shownOnce')}</Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('dialog.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Radio.Group
            value={scope}
            onChange={(value) => setScope(value === 'chosen' ? 'chosen' : 'total')}
          >
            <Stack gap="xs">
              <Radio value="total" label={t('dialog.openTotal')} data-testid="payment-link-total" />
              <Radio
                value="chosen"
                label={t('dialog.chooseInvoices')}
                disabled={payable.length === 0}
                data-testid="payment-link-choose"
              />
            </Stack>
          </Radio.Group>
          {scope === 'chosen' && (
            <Checkbox.Group value={chosen} onChange={setChosen}>
              <Stack gap={4} pl="lg">
                {payable.map((invoice) => (
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
          {create.error && <LoadError error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('dialog.cancel')}
            </Button>
            <Button
              onClick={submit}
              loading={create.isPending}
              disabled={scope === 'chosen' && chosen.length === 0}
              data-testid="payment-link-make"
            >
              {t('dialog.make')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
