import { Anchor, Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { EscalatedIssue } from '../api/use-home.ts';
import { useFormat } from '../format/use-format.ts';
import { SectionCard, SectionRow } from './section-card.tsx';

/**
 * Open issues that passed their deadline and were escalated, oldest deadline
 * first, each linked to the issue. Managers follow these up.
 */
export function EscalatedIssuesCard(props: {
  issues: EscalatedIssue[];
  count: number;
  showEntity: boolean;
}) {
  const { t, i18n } = useTranslation('home');
  const format = useFormat();
  const language = (i18n.resolvedLanguage ?? 'en').slice(0, 2);

  return (
    <SectionCard
      title={t('escalated.title')}
      count={props.count}
      listedCount={props.issues.length}
      empty={t('escalated.empty')}
      link={{ to: '/issues?escalated=true', label: t('escalated.all') }}
      testId="home-escalated-issues"
    >
      {props.issues.map((issue) => (
        <SectionRow
          key={issue.id}
          title={
            <Anchor component={Link} to={`/issues/${issue.id}`} size="sm" fw={500}>
              {[
                t('escalated.number', { number: issue.number }),
                issue.debtor.name,
                issue.categoryNames[language] ?? issue.category,
              ].join(' · ')}
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
            t('escalated.daysPast', { count: issue.daysPastDeadline }),
            issue.department?.name ?? t('escalated.noDepartment'),
          ].join(' · ')}
        />
      ))}
    </SectionCard>
  );
}
