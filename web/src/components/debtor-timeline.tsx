import { Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../api/types.ts';
import { useFormat } from '../format/use-format.ts';
import { useCodeLabel } from './code-label.ts';
import { DeliveryBadge } from './delivery-badge.tsx';
import { MessageExplanationToggle } from './message-explanation.tsx';
import { StatusBadge } from './status-badge.tsx';

/**
 * Lists the messages sent or prepared for a debtor and its call tasks,
 * newest first. Each message can show why the dunning run made it.
 */
export function DebtorTimeline(props: { items: TimelineItem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();

  if (props.items.length === 0) {
    return <Text c="dimmed">{t('debtorCard.noTimeline')}</Text>;
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={props.items.length}>
      {props.items.map((item) => (
        <Timeline.Item
          key={`${item.kind}-${item.id}`}
          title={
            <Group gap="xs" align="flex-start">
              <Text fw={600} size="sm">
                {label('stepName', item.step)}
              </Text>
              <StatusBadge status={item.status} />
              <DeliveryBadge delivery={item.delivery} />
            </Group>
          }
        >
          <Text size="sm" c="dimmed">
            {t('debtorCard.timelineLine', {
              date: format.date(item.date),
              channel: label('channel', item.kind === 'call' ? 'call' : item.channel),
              total: format.money(item.total, item.currency),
            })}
          </Text>
          {item.kind === 'message' && <MessageExplanationToggle messageId={item.id} />}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
