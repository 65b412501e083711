import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { CallTaskItem } from '../api/use-call-tasks.ts';
import { useFormat } from '../format/use-format.ts';
import { SectionCard, SectionRow } from './section-card.tsx';
import { useDueLabel } from './use-due-label.ts';

/** Open call tasks due today or earlier, with a link to the call list where they are worked. */
export function CallsCard(props: {
  tasks: CallTaskItem[];
  count: number;
  showEntity: boolean;
  todayOf: (entityCode: string) => string;
  onOpenCallList: () => void;
}) {
  const { t } = useTranslation('home');
  const format = useFormat();
  const dueLabel = useDueLabel(props.todayOf);

  return (
    <SectionCard
      title={t('calls.title')}
      count={props.count}
      listedCount={props.tasks.length}
      empty={t('calls.empty')}
      link={{ to: '/call-list', label: t('calls.callList'), onClick: props.onOpenCallList }}
      testId="home-calls"
    >
      {props.tasks.map((task) => (
        <SectionRow
          key={task.id}
          title={
            <Anchor component={Link} to={`/debtors/${task.debtor.id}`} size="sm" fw={500}>
              {task.debtor.name}
            </Anchor>
          }
          badge={
            <>
              {props.showEntity && (
                <Badge variant="outline" size="xs">
                  {task.entityCode}
                </Badge>
              )}
              {task.outcome === 'no_answer' && (
                <Badge color="orange" variant="light" size="xs">
                  {t('calls.noAnswer')}
                </Badge>
              )}
            </>
          }
          detail={[dueLabel(task.entityCode, task.dueDate), task.debtor.phone]
            .filter(Boolean)
            .join(' · ')}
          value={format.money(task.total, task.currency)}
        />
      ))}
    </SectionCard>
  );
}
