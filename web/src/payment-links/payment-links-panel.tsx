import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { PaymentLinkDialog } from './payment-link-dialog.tsx';
import { usePaymentLinks, type PaymentLinkStatus } from './use-payment-links.ts';

const STATUS_COLORS: Record<PaymentLinkStatus, string> = {
  open: 'blue',
  paid: 'teal',
  expired: 'gray',
  cancelled: 'gray',
};

/**
 * Shows the debtor's payment links on the customer card, with their status,
 * and the "Payment link" button, for users with payments.manage only.
 */
export function PaymentLinksPanel(props: { debtorId: string; invoices: DebtorInvoice[] }) {
  const { t } = useTranslation('paymentLinks');
  const format = useFormat();
  const access = useAccess();
  const canManage = access.can('payments.manage');
  const links = usePaymentLinks(props.debtorId);
  const [dialogOpen, setDialogOpen] = useState(false);

  if (!canManage) {
    return null;
  }
  if (links.isError) {
    return <LoadError error={links.error} />;
  }
  if (!links.data) {
    return null;
  }
  const { providerConfigured } = links.data;

  return (
    <Stack gap="xs" data-testid="payment-links">
      <Group justify="space-between">
        <Title order={3}>{t('panel.title')}</Title>
        <Button
          onClick={() => setDialogOpen(true)}
          disabled={!providerConfigured}
          data-testid="payment-link-button"
        >
          {t('panel.button')}
        </Button>
      </Group>
      {!providerConfigured && (
        <Text size="sm" c="dimmed">
          {t('panel.noProvider')}
        </Text>
      )}
      {links.data.links.length === 0 ? (
        <Text c="dimmed">{t('panel.none')}</Text>
      ) : (
        <Table data-testid="payment-link-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('panel.created')}</Table.Th>
              <Table.Th>{t('panel.invoices')}</Table.Th>
              <Table.Th>{t('panel.amount')}</Table.Th>
              <Table.Th>{t('panel.paid')}</Table.Th>
              <Table.Th>{t('panel.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {links.data.links.map((link) => (
              <Table.Tr key={link.id}>
                <Table.Td>
                  {format.date(link.createdAt.slice(0, 10))}
                  {link.messageId && (
                    <Text span size="xs" c="dimmed" ml="xs">
                      {t('panel.fromMessage')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{link.invoiceNumbers.join(', ')}</Table.Td>
                <Table.Td>{format.money(link.amount, link.currency)}</Table.Td>
                <Table.Td>{format.money(link.paid, link.currency)}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[link.status]} data-testid="payment-link-status">
                    {t(`status.${link.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <PaymentLinkDialog
        debtorId={props.debtorId}
        invoices={props.invoices}
        opened={dialogOpen}
        onClose={() => setDialogOpen(false)}
      />
    </Stack>
  );
}
