import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  issueOutcomes,
  type IssueAssignees,
  type IssueCategoryOption,
  type IssueEvent,
  type IssueOutcome,
} from '../api/use-issues.ts';
import { useDateTime } from '../admin/use-date-time.ts';
import { useFormat } from '../format/use-format.ts';
import { useLocalizedName } from './issue-labels.ts';

/** Reads a value that the server may store in camelCase or snake_case. */
function read(values: unknown, ...keys: string[]): unknown {
  if (typeof values !== 'object' || values === null) {
    return undefined;
  }
  const record = values as Record<string, unknown>;
  return keys.map((key) => record[key]).find((value) => value !== undefined);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Lists what happened to an issue, oldest first, as one sentence per event
 * in the UI language. Ids of departments, users and categories in the
 * event details are shown by name when the lists know them.
 */
export function IssueHistory(props: {
  events: IssueEvent[];
  assignees: IssueAssignees | undefined;
  categories: IssueCategoryOption[] | undefined;
}) {
  const dateTime = useDateTime();
  const describe = useEventSentence(props.assignees, props.categories);

  return (
    <Timeline
      bulletSize={12}
      lineWidth={2}
      active={props.events.length}
      data-testid="issue-history"
    >
      {props.events.map((event) => (
        <Timeline.Item key={event.id} data-kind={event.kind}>
          <Text size="sm">{describe(event)}</Text>
          <Text size="xs" c="dimmed">
            {dateTime(event.createdAt)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function useEventSentence(
  assignees: IssueAssignees | undefined,
  categories: IssueCategoryOption[] | undefined,
): (event: IssueEvent) => string {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const nameOf = useLocalizedName();

  const statusLabel = (value: unknown) => {
    const status = text(value);
    return status ? t(`status.${status}` as 'status.new', { defaultValue: status }) : '–';
  };
  const userName = (id: unknown) => {
    const userId = text(id);
    return userId && (assignees?.users.find((user) => user.id === userId)?.name ?? userId);
  };
  const departmentName = (id: unknown) => {
    const departmentId = text(id);
    return (
      departmentId &&
      (assignees?.departments.find((department) => department.id === departmentId)?.name ??
        departmentId)
    );
  };
  const categoryName = (id: unknown) => {
    const categoryId = text(id);
    const category = categories?.find((candidate) => candidate.id === categoryId);
    return category ? nameOf(category) : (categoryId ?? '–');
  };
  const dateText = (value: unknown) => {
    const date = text(value);
    return date ? format.date(date) : '–';
  };

  return (event) => {
    const actor = event.actor.name ?? event.actor.actor;
    const before = event.details.before;
    const after = event.details.after;
    switch (event.kind) {
      case 'created':
        return t('history.created', { actor });
      case 'status_changed':
        return t('history.statusChanged', {
          actor,
          before: statusLabel(read(before, 'status')),
          after: statusLabel(read(after, 'status')),
        });
      case 'assigned': {
        const assignee = userName(read(after, 'assigneeUserId', 'assignee_user_id', 'assigneeId'));
        const department = departmentName(read(after, 'departmentId', 'department_id'));
        if (assignee && department) {
          return t('history.assignedBoth', { actor, assignee, department });
        }
        if (assignee || department) {
          return t('history.assigned', { actor, to: assignee ?? department });
        }
        return t('history.unassigned', { actor });
      }
      case 'category_changed':
        return t('history.categoryChanged', {
          actor,
          before: categoryName(read(before, 'categoryId', 'category_id')),
          after: categoryName(read(after, 'categoryId', 'category_id')),
        });
      case 'invoices_changed':
        return t('history.invoicesChanged', { actor });
      case 'description_changed':
        return t('history.descriptionChanged', { actor });
      case 'deadline_changed':
        return t('history.deadlineChanged', {
          actor,
          before: dateText(read(before, 'deadline')),
          after: dateText(read(after, 'deadline')),
        });
      case 'note_added':
        return read(after, 'sharedWithDebtor', 'shared_with_debtor') === true
          ? t('history.noteAddedShared', { actor })
          : t('history.noteAdded', { actor });
      case 'attachment_added':
        return t('history.attachmentAdded', {
          actor,
          fileName: text(read(after, 'fileName', 'file_name')) ?? '–',
        });
      case 'attachment_removed':
        return t('history.attachmentRemoved', {
          actor,
          fileName: text(read(before, 'fileName', 'file_name')) ?? '–',
        });
      case 'escalated':
        return t('history.escalated');
      case 'resolved': {
        const outcome = read(after, 'outcome');
        return issueOutcomes.includes(outcome as IssueOutcome)
          ? t(`history.resolved.${outcome as IssueOutcome}`, { actor })
          : t('history.resolvedPlain', { actor });
      }
      case 'rejected':
        return t('history.rejected', { actor });
      case 'reopened':
        return t('history.reopened', { actor });
      default:
        return t('history.other', { actor, kind: event.kind });
    }
  };
}
