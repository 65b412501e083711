import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format.ts';
import { daysPastDeadline } from './issue-labels.ts';

/**
 * Shows an issue's deadline, in red with the days it is overdue when the
 * server marks the issue overdue (open, and the deadline before the
 * entity's today).
 */
export function IssueDeadline(props: { deadline: string; overdue: boolean; today: string }) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const days = daysPastDeadline(props.deadline, props.today);

  if (!props.overdue) {
    return <Text size="sm">{format.date(props.deadline)}</Text>;
  }
  return (
    <div data-overdue="true">
      <Text size="sm" c="red.7" fw={500}>
        {format.date(props.deadline)}
      </Text>
      {days > 0 && (
        <Text size="xs" c="red.7">
          {t('deadline.overdue', { count: days })}
        </Text>
      )}
    </div>
  );
}
