import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import {
  useClearInvalidEmailAddress,
  useInvalidEmailAddresses,
} from '../api/use-delivery-records.ts';
import { useAccess } from '../api/use-session.ts';
import { useFormat } from '../format/use-format.ts';
import { LoadError } from './load-error.tsx';

/**
 * Lists the debtor's e-mail addresses that a bounce flagged, with when and
 * why they bounced. Users who may change debtors can clear a flag, so that
 * e-mail steps use the address again. Shows nothing while none is flagged.
 */
export function BouncedAddressesPanel(props: { debtorId: string }) {
  const { t } = useTranslation('delivery');
  const format = useFormat();
  const addresses = useInvalidEmailAddresses(props.debtorId);
  const clear = useClearInvalidEmailAddress(props.debtorId);
  const canManage = useAccess().can('debtors.manage');

  if (addresses.isError) {
    return <LoadError error={addresses.error} />;
  }
  if (!addresses.data || addresses.data.length === 0) {
    return null;
  }
  return (
    <Alert color="orange" title={t('bounces.title')} data-testid="bounced-addresses">
      <Stack gap="sm">
        <Text size="sm">{t('bounces.intro')}</Text>
        {addresses.data.map((entry) => (
          <Group key={entry.address} justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {entry.address}
              </Text>
              <Text size="sm">
                {t('bounces.bouncedOn', { date: format.date(entry.flaggedAt.slice(0, 10)) })}
              </Text>
              <Text size="sm" c="dimmed">
                {entry.reason
                  ? t('bounces.reason', { reason: entry.reason })
                  : t('bounces.noReason')}
              </Text>
            </Stack>
            {canManage && (
              <Button
                size="xs"
                variant="light"
                loading={clear.isPending && clear.variables === entry.address}
                onClick={() =>
                  clear.mutate(entry.address, {
                    onSuccess: () =>
                      notifications.show({
                        color: 'green',
                        message: t('bounces.cleared', { address: entry.address }),
                      }),
                  })
                }
              >
                {t('bounces.clear')}
              </Button>
            )}
          </Group>
        ))}
        {clear.error && <LoadError error={clear.error} />}
      </Stack>
    </Alert>
  );
}
