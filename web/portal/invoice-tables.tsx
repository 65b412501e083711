import { Checkbox, Paper, Table, Text, Title } from '@mantine/core';
import { usePortalTranslation } from './i18n.ts';
import { usePortalFormat } from './format.ts';
import type { PortalInvoices } from './types.ts';

/**
 * The outstanding invoices, each with a check box for paying or an
 * arrangement, with the totals per currency below; then the recently paid invoices.
 */
export function InvoiceTables({
  invoices,
  selected,
  onSelect,
  claimedNumbers,
}: {
  invoices: PortalInvoices;
  selected: string[];
  onSelect: (invoiceIds: string[]) => void;
  /** Invoices in a requested or active arrangement; they stay selectable for paying. */
  claimedNumbers: Set<string>;
}) {
  const { t } = usePortalTranslation();
  const format = usePortalFormat();
  const withFees = invoices.openInvoices.some((invoice) => Number(invoice.feesOpen) !== 0);
  const toggle = (invoiceId: string, checked: boolean) =>
    onSelect(checked ? [...selected, invoiceId] : selected.filter((id) => id !== invoiceId));

  return (
    <>
      {invoices.openInvoices.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} mb="sm">
            {t('open.title')}
          </Title>
          <Table.ScrollContainer minWidth={760}>
            <Table striped data-testid="open-invoices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('invoice.number')}</Table.Th>
                  <Table.Th>{t('invoice.invoiceDate')}</Table.Th>
                  <Table.Th>{t('invoice.dueDate')}</Table.Th>
                  <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
                  <Table.Th ta="right">{t('invoice.principalOpen')}</Table.Th>
                  <Table.Th ta="right">{t('invoice.costs')}</Table.Th>
                  <Table.Th ta="right">{t('invoice.interest')}</Table.Th>
                  {withFees && <Table.Th ta="right">{t('invoice.fees')}</Table.Th>}
                  <Table.Th ta="right">{t('invoice.totalDue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {invoices.openInvoices.map((invoice) => {
                  const money = (amount: string) => format.money(amount, invoice.currency);
                  return (
                    <Table.Tr key={invoice.invoiceId} data-testid="open-invoice">
                      <Table.Td>
                        <Checkbox
                          aria-label={t('invoice.choose', { number: invoice.number })}
                          checked={selected.includes(invoice.invoiceId)}
                          onChange={(event) =>
                            toggle(invoice.invoiceId, event.currentTarget.checked)
                          }
                        />
                      </Table.Td>
                      <Table.Td>
                        {invoice.number}
                        {invoice.kind === 'credit_note' && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({t('invoice.creditNote')})
                          </Text>
                        )}
                        {claimedNumbers.has(invoice.number) && (
                          <Text span size="xs" c="dimmed">
                            {' '}
                            ({t('invoice.inArrangement')})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{format.date(invoice.invoiceDate)}</Table.Td>
                      <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
                      <Table.Td ta="right">{money(invoice.amount)}</Table.Td>
                      <Table.Td ta="right">{money(invoice.principalOpen)}</Table.Td>
                      <Table.Td ta="right" data-testid="costs-open">
                        {money(invoice.costsOpen)}
                      </Table.Td>
                      <Table.Td ta="right" data-testid="interest-open">
                        {money(invoice.interestOpen)}
                      </Table.Td>
                      {withFees && <Table.Td ta="right">{money(invoice.feesOpen)}</Table.Td>}
                      <Table.Td ta="right" fw={600}>
                        {money(invoice.totalOpen)}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
              <Table.Tfoot>
                {invoices.totals.map((total) => (
                  <Table.Tr key={total.currency} data-testid="open-total">
                    <Table.Td />
                    <Table.Td colSpan={4} fw={600}>
                      {t('open.total', { currency: total.currency })}
                    </Table.Td>
                    <Table.Td ta="right">
                      {format.money(total.principalOpen, total.currency)}
                    </Table.Td>
                    <Table.Td colSpan={withFees ? 3 : 2} ta="right">
                      {t('open.charges', {
                        amount: format.money(total.chargesOpen, total.currency),
                      })}
                    </Table.Td>
                    <Table.Td ta="right" fw={700}>
                      {format.money(total.totalOpen, total.currency)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" mt="xs">
            {t('open.chargesExplained')}
          </Text>
        </Paper>
      )}

      {invoices.paidInvoices.length > 0 && (
        <Paper withBorder p="md">
          <Title order={3} mb="sm">
            {t('paid.title')}
          </Title>
          <Table data-testid="paid-invoices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('invoice.number')}</Table.Th>
                <Table.Th>{t('invoice.invoiceDate')}</Table.Th>
                <Table.Th>{t('invoice.dueDate')}</Table.Th>
                <Table.Th ta="right">{t('invoice.amount')}</Table.Th>
                <Table.Th>{t('paid.paidOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.paidInvoices.map((invoice) => (
                <Table.Tr key={invoice.number}>
                  <Table.Td>{invoice.number}</Table.Td>
                  <Table.Td>{format.date(invoice.invoiceDate)}</Table.Td>
                  <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
                  <Table.Td ta="right">{format.money(invoice.amount, invoice.currency)}</Table.Td>
                  <Table.Td>{format.date(invoice.paidOn)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
