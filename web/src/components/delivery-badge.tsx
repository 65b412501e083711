import { Badge, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { MessageDelivery } from '../api/types.ts';

type DeliveryOutcome = 'bounced' | 'delayed' | 'delivered' | 'undelivered';

/**
 * Delivery statuses worth showing next to "sent". E-mail gets bounced or
 * delayed from a delivery status notification. SMS gets the provider's
 * status, of which only the final ones are shown: queued or sending
 * adds nothing to "sent".
 */
const outcomes: Record<string, DeliveryOutcome> = {
  bounced: 'bounced',
  delayed: 'delayed',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'undelivered',
  failed: 'undelivered',
};

const colours: Record<DeliveryOutcome, string> = {
  bounced: 'red',
  delayed: 'orange',
  delivered: 'teal',
  undelivered: 'red',
};

/**
 * Shows how a sent message fared: bounced (with the reason), delayed,
 * delivered or not delivered. Renders nothing while no final status is known.
 */
export function DeliveryBadge(props: { delivery: MessageDelivery | null }) {
  const { t } = useTranslation('delivery');
  const outcome = props.delivery?.status ? outcomes[props.delivery.status] : undefined;

  if (!outcome) {
    return null;
  }
  return (
    <Stack gap={0} data-testid="delivery-status" data-delivery={outcome}>
      <Badge color={colours[outcome]} variant="outline" miw="max-content">
        {t(`messageDelivery.${outcome}`)}
      </Badge>
      {outcome === 'bounced' && (
        <Text size="xs" c="red.8">
          {props.delivery?.bounceReason
            ? t('bounces.reason', { reason: props.delivery.bounceReason })
            : t('bounces.noReason')}
        </Text>
      )}
    </Stack>
  );
}
