import { Alert, Button, Group, Image, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useDynamicPortalTranslation, usePortalTranslation } from './i18n.ts';
import { describePortalError, portalApi } from './api.ts';
import { usePortalFormat } from './format.ts';
import type { PortalPayment } from './types.ts';

type BankTransfer = Extract<PortalPayment, { kind: 'bank_transfer' }>;

/**
 * Pays the chosen invoices: through the payment provider's page when the
 * creditor has one, else by bank transfer with the details and EPC QR code shown here.
 */
export function PayPanel({ invoiceIds }: { invoiceIds: string[] }) {
  const { t } = usePortalTranslation();
  const dynamic = useDynamicPortalTranslation();
  const [busy, setBusy] = useState(false);
  const [transfer, setTransfer] = useState<BankTransfer | null>(null);
  const [error, setError] = useState<string | null>(null);

  const pay = async () => {
    setBusy(true);
    setError(null);
    try {
      const payment = await portalApi<PortalPayment>('/payments', {
        method: 'POST',
        body: { invoiceIds },
      });
      if (payment.kind === 'payment_link') {
        window.location.assign(payment.path);
        return;
      }
      setTransfer(payment);
    } catch (caught) {
      setError(describePortalError(caught, dynamic.translate, dynamic.exists));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" data-testid="pay-panel">
      <Title order={3} mb="xs">
        {t('pay.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('pay.body')}
      </Text>
      <Group>
        <Button onClick={() => void pay()} loading={busy} disabled={invoiceIds.length === 0}>
          {t('pay.button', { count: invoiceIds.length })}
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm">
          {error}
        </Alert>
      )}
      {transfer && <BankTransferDetails transfer={transfer} />}
    </Paper>
  );
}

function BankTransferDetails({ transfer }: { transfer: BankTransfer }) {
  const { t } = usePortalTranslation();
  const format = usePortalFormat();
  const rows: Array<[string, string | null]> = [
    [t('transfer.amount'), format.money(transfer.amount, transfer.currency)],
    [t('transfer.beneficiary'), transfer.beneficiary],
    [t('transfer.iban'), transfer.iban],
    [t('transfer.bic'), transfer.bic],
    [t('transfer.reference'), transfer.reference],
  ];

  return (
    <Group align="flex-start" mt="md" gap="xl" data-testid="bank-transfer">
      <Stack gap="xs">
        <Text fw={600}>{t('transfer.title')}</Text>
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {rows
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Td c="dimmed">{label}</Table.Td>
                  <Table.Td>{value}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {transfer.qrDataUrl && (
        <Stack gap={4} align="center">
          <Image src={transfer.qrDataUrl} alt={t('transfer.qr')} w={160} h={160} />
          <Text size="xs" c="dimmed">
            {t('transfer.qr')}
          </Text>
        </Stack>
      )}
    </Group>
  );
}
