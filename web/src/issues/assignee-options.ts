import type { ComboboxItem, ComboboxItemGroup } from '@mantine/core';
import type { IssueAssignees } from '../api/use-issues.ts';

/**
 * Builds the options of an assignee Select. With a department chosen, the
 * users of that department come first and the others follow, each group
 * under its label. Without one, all users form one list. The current
 * assignee stays selectable when the list no longer has them (a deactivated
 * user, say).
 */
export function assigneeOptions(params: {
  users: IssueAssignees['users'];
  department: { id: string; label: string } | null;
  othersLabel: string;
  current: { id: string; name: string } | null;
}): ComboboxItem[] | ComboboxItemGroup<ComboboxItem>[] {
  const { users, department, current } = params;
  const item = (user: { id: string; name: string }) => ({ value: user.id, label: user.name });
  const missing = current && !users.some((user) => user.id === current.id) ? [item(current)] : [];

  if (!department) {
    return [...users.map(item), ...missing];
  }
  const inDepartment = users.filter((user) => user.departmentId === department.id).map(item);
  const others = [
    ...users.filter((user) => user.departmentId !== department.id).map(item),
    ...missing,
  ];

  return [
    ...(inDepartment.length > 0 ? [{ group: department.label, items: inDepartment }] : []),
    ...(others.length > 0 ? [{ group: params.othersLabel, items: others }] : []),
  ];
}
