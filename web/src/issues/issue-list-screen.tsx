import {
  Checkbox,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  closedIssueStatuses,
  openIssueStatuses,
  useIssueCategories,
  useIssues,
  type IssueListParams,
  type IssueStatusFilter,
} from '../api/use-issues.ts';
import { useSession } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { useFormat } from '../format/use-format.ts';
import { groupCategories } from './category-options.ts';
import { useLocalizedName } from './issue-labels.ts';
import { IssueTable } from './issue-table.tsx';

const pageSize = 50;

/** Whose issues the list shows: those assigned to the user, of the user's department, or all. */
type Scope = 'mine' | 'department' | 'all';

interface Filters {
  scope: Scope;
  status: IssueStatusFilter;
  categoryId: string | null;
  overdueOnly: boolean;
}

const statusFilters: IssueStatusFilter[] = [
  'open',
  ...openIssueStatuses,
  'closed',
  ...closedIssueStatuses,
  'all',
];

/**
 * The issues of the chosen entity that the user may see, ordered by
 * deadline. The server limits a user of a department to that department's
 * issues and the issues assigned to them, so "All" means all of those.
 */
export function IssueListScreen() {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const nameOf = useLocalizedName();
  const { entity } = useEntity();
  const session = useSession();
  const categories = useIssueCategories();
  const departmentId = session.data?.access.departmentId ?? null;
  const [filters, setFilters] = useState<Filters>({
    scope: 'all',
    status: 'open',
    categoryId: null,
    overdueOnly: false,
  });
  const [pageState, setPageState] = useState({ key: '', page: 1 });

  // A new filter or entity starts again at page 1.
  const filterKey = JSON.stringify([entity.code, filters]);
  const page = pageState.key === filterKey ? pageState.page : 1;
  const params: IssueListParams = {
    entity: entity.code,
    status: filters.status,
    assignee: filters.scope === 'mine' ? 'me' : undefined,
    departmentId: filters.scope === 'department' ? (departmentId ?? undefined) : undefined,
    categoryId: filters.categoryId ?? undefined,
    overdue: filters.overdueOnly,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  };
  const issues = useIssues(params);
  const pageCount = issues.data ? Math.max(1, Math.ceil(issues.data.total / pageSize)) : 1;

  function change(next: Partial<Filters>) {
    setFilters((current) => ({ ...current, ...next }));
  }

  const scopes: Scope[] = departmentId ? ['mine', 'department', 'all'] : ['mine', 'all'];
  return (
    <Stack gap="md">
      <PageTitle
        title={t('list.title')}
        subtitle={
          issues.data &&
          t('list.count', { count: issues.data.total, formatted: format.number(issues.data.total) })
        }
      />
      <Group align="flex-end" gap="md">
        <SegmentedControl
          aria-label={t('list.scope')}
          value={filters.scope}
          onChange={(scope) => change({ scope: scope as Scope })}
          data={scopes.map((scope) => ({ value: scope, label: t(`list.scopes.${scope}`) }))}
          data-testid="issue-scope"
        />
        <Select
          label={t('list.status')}
          data={statusFilters.map((status) => ({
            value: status,
            label: t(`list.statusFilter.${status}`),
          }))}
          value={filters.status}
          onChange={(status) => status && change({ status: status as IssueStatusFilter })}
          allowDeselect={false}
          w={220}
          data-testid="issue-status-filter"
        />
        <Select
          label={t('list.category')}
          placeholder={t('list.allCategories')}
          data={categories.data ? groupCategories(categories.data, nameOf) : []}
          value={filters.categoryId}
          onChange={(categoryId) => change({ categoryId })}
          clearable
          searchable
          w={260}
        />
        <Checkbox
          label={t('list.overdueOnly')}
          checked={filters.overdueOnly}
          onChange={(event) => change({ overdueOnly: event.currentTarget.checked })}
          mb={8}
        />
        {issues.isFetching && <Loader size="xs" mb={10} />}
      </Group>
      {issues.isError && <LoadError error={issues.error} />}
      {issues.data && issues.data.issues.length === 0 && <Text c="dimmed">{t('list.none')}</Text>}
      {issues.data && issues.data.issues.length > 0 && (
        <>
          <IssueTable issues={issues.data.issues} today={todayIn(entity.timeZone)} />
          {pageCount > 1 && (
            <Pagination
              total={pageCount}
              value={page}
              onChange={(next) => setPageState({ key: filterKey, page: next })}
            />
          )}
        </>
      )}
    </Stack>
  );
}
