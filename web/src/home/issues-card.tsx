import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { IssuePastDeadline } from '../api/use-home.ts';
import { useFormat } from '../format/use-format.ts';
import { SectionCard, SectionRow } from './section-card.tsx';
import { daysBetween } from './use-due-label.ts';

/** Open issues past their deadline, oldest deadline first, each linked to the issue. */
export function IssuesCard(props: {
  issues: IssuePastDeadline[];
  count: number;
  showEntity: boolean;
  todayOf: (entityCode: string) => string;
}) {
  const { t } = useTranslation('home');
  const format = useFormat();

  return (
    <SectionCard
      title={t('issues.title')}
      count={props.count}
      listedCount={props.issues.length}
      empty={t('issues.empty')}
      link={{ to: '/issues', label: t('issues.all') }}
      testId="home-issues"
    >
      {props.issues.map((issue) => (
        <SectionRow
          key={issue.id}
          title={
            <Anchor component={Link} to={`/issues/${issue.id}`} size="sm" fw={500}>
              {`${issue.debtor.name} · ${issue.category}`}
            </Anchor>
          }
          badge={
            props.showEntity && (
              <Badge variant="outline" size="xs">
                {issue.entityCode}
              </Badge>
            )
          }
          detail={[
            format.date(issue.deadline),
            t('issues.daysLate', {
              count: daysBetween(issue.deadline, props.todayOf(issue.entityCode)),
            }),
            issue.department?.name ?? t('issues.noDepartment'),
          ].join(' · ')}
        />
      ))}
    </SectionCard>
  );
}
