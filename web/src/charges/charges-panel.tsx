import { Badge, Button, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { useDebtorCharges, useWaiveCharge, type ChargeItem } from './use-charges.ts';

/**
 * Shows on the customer card the collection costs, interest and fees that
 * dunning steps charged on the debtor's invoices. Each charge has its step,
 * date, amount, VAT, paid and open part, and interest its periods. The
 * debtor's total open with charges heads the list. Users with
 * payments.manage waive a charge with a reason.
 */
export function ChargesPanel(props: { debtorId: string }) {
  const { t } = useTranslation('charges');
  const format = useFormat();
  const access = useAccess();
  const charges = useDebtorCharges(props.debtorId);
  const [waiving, setWaiving] = useState<ChargeItem | null>(null);

  if (charges.isError) {
    return <LoadError error={charges.error} />;
  }
  if (!charges.data) {
    return null;
  }
  const charged = charges.data.invoices.filter((invoice) => invoice.charges.length > 0);

  return (
    <Stack gap="xs" data-testid="charges-panel">
      <Title order={3}>{t('panel.title')}</Title>
      {charges.data.totals.map((total) => (
        <Text key={total.currency} data-testid="charges-total">
          {t('panel.total', {
            principal: format.money(total.principalOpen, total.currency),
            charges: format.money(total.chargesOpen, total.currency),
            total: format.money(total.totalOpen, total.currency),
          })}
        </Text>
      ))}
      {charged.length === 0 && <Text c="dimmed">{t('panel.none')}</Text>}
      {charged.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('column.invoice')}</Table.Th>
              <Table.Th>{t('column.kind')}</Table.Th>
              <Table.Th>{t('column.step')}</Table.Th>
              <Table.Th>{t('column.chargedOn')}</Table.Th>
              <Table.Th ta="right">{t('column.amount')}</Table.Th>
              <Table.Th ta="right">{t('column.vat')}</Table.Th>
              <Table.Th ta="right">{t('column.paid')}</Table.Th>
              <Table.Th ta="right">{t('column.open')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {charged.flatMap((invoice) =>
              invoice.charges.map((charge) => (
                <Table.Tr key={charge.id} data-testid="charge-row">
                  <Table.Td>{invoice.number}</Table.Td>
                  <Table.Td>
                    {t(`kind.${charge.kind}`)}
                    <ChargeDetails charge={charge} />
                  </Table.Td>
                  <Table.Td>{charge.step ?? '–'}</Table.Td>
                  <Table.Td>{format.date(charge.chargedOn)}</Table.Td>
                  <Table.Td ta="right">{format.money(charge.amount, invoice.currency)}</Table.Td>
                  <Table.Td ta="right">{format.money(charge.vat, invoice.currency)}</Table.Td>
                  <Table.Td ta="right">{format.money(charge.paid, invoice.currency)}</Table.Td>
                  <Table.Td ta="right">{format.money(charge.open, invoice.currency)}</Table.Td>
                  <Table.Td>
                    {charge.waived ? (
                      <Badge color="gray" title={charge.waived.reason ?? ''}>
                        {t('panel.waived')}
                      </Badge>
                    ) : (
                      access.can('payments.manage') && (
                        <Button size="xs" variant="light" onClick={() => setWaiving(charge)}>
                          {t('panel.waive')}
                        </Button>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              )),
            )}
          </Table.Tbody>
        </Table>
      )}
      {waiving && (
        <WaiveDialog debtorId={props.debtorId} charge={waiving} onClose={() => setWaiving(null)} />
      )}
    </Stack>
  );
}

/** Lists the periods of an interest charge with their rates, and warns about days past the rate table. */
function ChargeDetails(props: { charge: ChargeItem }) {
  const { t } = useTranslation('charges');
  const format = useFormat();
  const { periods, beyondTable } = props.charge.calculation;
  if (props.charge.kind !== 'interest' || !periods) {
    return null;
  }

  return (
    <Stack gap={0}>
      {periods.map((period) => (
        <Text key={period.from} size="xs" c="dimmed">
          {t('interest.period', {
            from: format.date(period.from),
            to: format.date(period.to),
            days: period.days,
            rate: format.number(period.basisPoints / 100),
          })}
        </Text>
      ))}
      {beyondTable && (
        <Text size="xs" c="orange">
          {t('interest.beyondTable', { date: format.date(beyondTable.coveredThrough) })}
        </Text>
      )}
    </Stack>
  );
}

function WaiveDialog(props: { debtorId: string; charge: ChargeItem; onClose: () => void }) {
  const { t } = useTranslation('charges');
  const waive = useWaiveCharge(props.debtorId);
  const [reason, setReason] = useState('');

  return (
    <Modal opened onClose={props.onClose} title={t('waive.title')}>
      <Stack>
        <Textarea
          label={t('waive.reason')}
          value={reason}
          maxLength={500}
          onChange={(event) => setReason(event.currentTarget.value)}
          data-testid="waive-reason"
        />
        {waive.isError && <LoadError error={waive.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('waive.cancel')}
          </Button>
          <Button
            disabled={reason.trim() === ''}
            loading={waive.isPending}
            onClick={() =>
              waive.mutate(
                { chargeId: props.charge.id, reason: reason.trim() },
                { onSuccess: props.onClose },
              )
            }
            data-testid="waive-confirm"
          >
            {t('waive.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
