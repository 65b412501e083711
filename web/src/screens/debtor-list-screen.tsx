import { Group, Loader, Pagination, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebtors } from '../api/use-debtors.ts';
import { DebtorTable } from '../components/debtor-table.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';

const pageSize = 50;

export function DebtorListScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { entity } = useEntity();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const [pageState, setPageState] = useState({ key: '', page: 1 });

  // A new search or entity starts again at page 1.
  const filterKey = `${entity.code}\u0000${debouncedSearch}`;
  const page = pageState.key === filterKey ? pageState.page : 1;
  const debtors = useDebtors({ entity: entity.code, search: debouncedSearch, page, pageSize });
  const pageCount = debtors.data ? Math.max(1, Math.ceil(debtors.data.total / pageSize)) : 1;

  return (
    <Stack gap="md">
      <PageTitle
        title={t('debtors.title')}
        subtitle={
          debtors.data &&
          t('debtors.count', {
            count: debtors.data.total,
            formatted: format.number(debtors.data.total),
          })
        }
      />
      <Group>
        <TextInput
          placeholder={t('debtors.searchPlaceholder')}
          aria-label={t('debtors.search')}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={360}
          maw="100%"
          rightSection={debtors.isFetching ? <Loader size="xs" /> : null}
        />
      </Group>
      {debtors.isError && <LoadError error={debtors.error} />}
      {debtors.data && debtors.data.items.length === 0 && (
        <Text c="dimmed">{t('debtors.none')}</Text>
      )}
      {debtors.data && debtors.data.items.length > 0 && (
        <>
          <DebtorTable debtors={debtors.data.items} />
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
