import { Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUpdateIssue, type IssueAssignees, type IssueDetail } from '../api/use-issues.ts';
import { LoadError } from '../components/load-error.tsx';
import { assigneeOptions } from './assignee-options.ts';
import { Fact } from './fact.tsx';

/**
 * Shows the department and the assignee of an issue: as selects for a user
 * who may change the issue, else as text. Each choice is saved at once.
 */
export function IssueAssignment(props: {
  issue: IssueDetail;
  assignees: IssueAssignees | undefined;
  editable: boolean;
}) {
  const { t } = useTranslation('issues');
  const { issue } = props;
  const update = useUpdateIssue(issue.id);

  if (!props.editable || !props.assignees) {
    return (
      <Group gap="xl">
        <Fact label={t('field.department')} value={issue.department?.name ?? t('noDepartment')} />
        <Fact label={t('field.assignee')} value={issue.assignee?.name ?? t('unassigned')} />
      </Group>
    );
  }

  const { departments, users } = props.assignees;
  const departmentId = issue.department?.id ?? null;
  // The current values stay selectable even when they left the lists (a deactivated user, say).
  const departmentOptions = withCurrent(
    departments.map((department) => ({ value: department.id, label: department.name })),
    issue.department,
  );
  const userOptions = assigneeOptions({
    users,
    department: issue.department && { id: issue.department.id, label: issue.department.name },
    othersLabel: t('field.otherUsers'),
    current: issue.assignee,
  });

  return (
    <>
      <Group gap="md" align="flex-end">
        <Select
          label={t('field.department')}
          placeholder={t('noDepartment')}
          data={departmentOptions}
          value={departmentId}
          onChange={(value) => update.mutate({ departmentId: value })}
          clearable
          w={240}
          disabled={update.isPending}
          data-testid="issue-department"
        />
        <Select
          label={t('field.assignee')}
          placeholder={t('unassigned')}
          data={userOptions}
          value={issue.assignee?.id ?? null}
          onChange={(value) => update.mutate({ assigneeUserId: value })}
          clearable
          searchable
          w={240}
          disabled={update.isPending}
          data-testid="issue-assignee"
        />
      </Group>
      {update.error && <LoadError error={update.error} />}
    </>
  );
}

function withCurrent(
  options: { value: string; label: string }[],
  current: { id: string; name: string } | null,
): { value: string; label: string }[] {
  if (!current || options.some((option) => option.value === current.id)) {
    return options;
  }
  return [...options, { value: current.id, label: current.name }];
}
