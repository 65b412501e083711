import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IssueStatus } from '../api/use-issues.ts';
import { statusColours } from './issue-labels.ts';

export function IssueStatusBadge(props: { status: IssueStatus }) {
  const { t } = useTranslation('issues');

  return (
    <Badge color={statusColours[props.status]} variant="light" data-status={props.status}>
      {t(`status.${props.status}`)}
    </Badge>
  );
}
