import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { PromiseItem } from '../api/use-promises.ts';
import { useFormat } from '../format/use-format.ts';
import { SectionCard, SectionRow } from './section-card.tsx';
import { useDueLabel } from './use-due-label.ts';

/** Open promises to pay dated today or earlier, each linked to the debtor's customer card. */
export function PromisesCard(props: {
  promises: PromiseItem[];
  count: number;
  showEntity: boolean;
  todayOf: (entityCode: string) => string;
}) {
  const { t } = useTranslation('home');
  const format = useFormat();
  const dueLabel = useDueLabel(props.todayOf);

  return (
    <SectionCard
      title={t('promises.title')}
      count={props.count}
      listedCount={props.promises.length}
      empty={t('promises.empty')}
      testId="home-promises"
    >
      {props.promises.map((promise) => {
        const amount = format.money(promise.amount, promise.currency);
        const paid = Number(promise.paid) > 0;
        return (
          <SectionRow
            key={promise.id}
            title={
              <Anchor component={Link} to={`/debtors/${promise.debtor.id}`} size="sm" fw={500}>
                {promise.debtor.name}
              </Anchor>
            }
            badge={
              props.showEntity && (
                <Badge variant="outline" size="xs">
                  {promise.entityCode}
                </Badge>
              )
            }
            detail={`${format.date(promise.promisedDate)} · ${dueLabel(promise.entityCode, promise.promisedDate)}`}
            value={
              paid
                ? t('promises.paid', { paid: format.money(promise.paid, promise.currency), amount })
                : t('promises.nothingPaid', { amount })
            }
          />
        );
      })}
    </SectionCard>
  );
}
