import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BatchToApprove } from '../api/use-home.ts';
import { useCodeLabel } from '../components/code-label.ts';
import { useFormat } from '../format/use-format.ts';
import { SectionCard, SectionRow } from './section-card.tsx';

/** Pending message batches, oldest first, each linked to its review screen. */
export function BatchesCard(props: {
  batches: BatchToApprove[];
  count: number;
  showEntity: boolean;
}) {
  const { t } = useTranslation('home');
  const label = useCodeLabel();
  const format = useFormat();

  return (
    <SectionCard
      title={t('batches.title')}
      count={props.count}
      listedCount={props.batches.length}
      empty={t('batches.empty')}
      link={{ to: '/batches', label: t('batches.all') }}
      testId="home-batches"
    >
      {props.batches.map((batch) => (
        <SectionRow
          key={batch.id}
          title={
            <Anchor component={Link} to={`/batches/${batch.id}`} size="sm" fw={500}>
              {t('batches.line', {
                channel: label('channel', batch.channel),
                date: format.date(batch.runDate),
              })}
            </Anchor>
          }
          badge={
            props.showEntity && (
              <Badge variant="outline" size="xs">
                {batch.entityCode}
              </Badge>
            )
          }
          detail={t('batches.messages', { count: batch.messageCount })}
          value={batch.totals
            .map((total) => format.money(total.amount, total.currency))
            .join(' + ')}
        />
      ))}
    </SectionCard>
  );
}
