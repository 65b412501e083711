import { useQuery } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { useDepartments } from '../api/use-departments.ts';
import type { IssueAssignees } from '../api/use-issues.ts';
import { useAccess } from '../api/use-session.ts';
import { useUsers } from '../api/use-users.ts';

export interface PersonChoice {
  id: string;
  name: string;
}

export interface PeopleChoices {
  departments: PersonChoice[];
  /** Users that can handle issues: active users whose group has issues.manage. */
  assignees: PersonChoice[];
  /** Users that can be told of an escalation: every active user, or the assignees without users.read. */
  escalationUsers: PersonChoice[];
  /** Returns the name of a user or department id, or undefined when it is not in any list. */
  nameOf(id: string | null): string | undefined;
}

/**
 * Loads the departments and users that the category form offers, each from
 * the route the signed-in user may read: the assignee list needs
 * issues.read, the full user list users.read.
 */
export function usePeopleChoices(): PeopleChoices {
  const access = useAccess();
  const departments = useDepartments();
  const users = useUsers({ enabled: access.can('users.read') });
  const assignees = useQuery({
    // The key of useIssueAssignees, so both share one cached answer.
    queryKey: ['issues', 'assignees'],
    queryFn: () => apiRequest<IssueAssignees>('GET', '/api/issues/assignees'),
    enabled: access.can('issues.read'),
  });

  const departmentChoices = (departments.data ?? []).map(({ id, name }) => ({ id, name }));
  const assigneeChoices = (assignees.data?.users ?? []).map(({ id, name }) => ({ id, name }));
  const activeUsers = users.data
    ?.filter((user) => user.isActive)
    .map(({ id, name }) => ({ id, name }));
  const escalationChoices = activeUsers ?? assigneeChoices;
  const everyone = [...departmentChoices, ...assigneeChoices, ...(users.data ?? [])];

  return {
    departments: departmentChoices,
    assignees: assigneeChoices,
    escalationUsers: escalationChoices,
    nameOf: (id) => (id ? everyone.find((choice) => choice.id === id)?.name : undefined),
  };
}
