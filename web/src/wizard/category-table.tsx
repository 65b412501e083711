import { NumberInput, Select, Switch, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  localizedName,
  useUpdateIssueCategory,
  type BusinessProcess,
  type IssueCategory,
  type IssueCategoryChange,
} from '../api/use-business-processes.ts';
import { useDepartments } from '../api/use-departments.ts';
import { LoadError } from '../components/load-error.tsx';

/** Shows the categories of one business process and saves every change at once. */
export function CategoryTable(props: { process: BusinessProcess }) {
  const { t, i18n } = useTranslation('wizard');
  const update = useUpdateIssueCategory();

  function save(category: IssueCategory, change: IssueCategoryChange) {
    update.mutate({ id: category.id, change });
  }

  return (
    <div data-testid="process">
      <Title order={4} mb="xs">
        {localizedName(props.process, i18n.resolvedLanguage)}
      </Title>
      {update.error && <LoadError error={update.error} />}
      {props.process.categories.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('processes.noCategories')}
        </Text>
      ) : (
        <Table verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('processes.category')}</Table.Th>
              <Table.Th>{t('processes.pausesDunning')}</Table.Th>
              <Table.Th>{t('processes.daysToResolve')}</Table.Th>
              <Table.Th>{t('processes.department')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.process.categories.map((category) => (
              <CategoryRow key={category.id} category={category} onChange={save} />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}

function CategoryRow(props: {
  category: IssueCategory;
  onChange(category: IssueCategory, change: IssueCategoryChange): void;
}) {
  const { t, i18n } = useTranslation('wizard');
  const departments = useDepartments();
  const { category } = props;
  const name = localizedName(category, i18n.resolvedLanguage);
  const [days, setDays] = useState<number | string>(category.daysToResolve);

  function saveDays() {
    const value = Number(days);
    if (Number.isInteger(value) && value >= 1 && value !== category.daysToResolve) {
      props.onChange(category, { daysToResolve: value });
    }
  }

  return (
    <Table.Tr>
      <Table.Td>{name}</Table.Td>
      <Table.Td>
        <Switch
          checked={category.pausesDunning}
          onChange={(event) =>
            props.onChange(category, { pausesDunning: event.currentTarget.checked })
          }
          label={category.pausesDunning ? t('processes.yes') : t('processes.no')}
          aria-label={t('processes.pausesDunningFor', { category: name })}
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          value={days}
          onChange={setDays}
          onBlur={saveDays}
          min={1}
          max={365}
          allowDecimal={false}
          w={100}
          aria-label={t('processes.daysToResolveFor', { category: name })}
        />
      </Table.Td>
      <Table.Td>
        <Select
          data={(departments.data ?? []).map((department) => ({
            value: department.id,
            label: department.name,
          }))}
          value={category.departmentId}
          onChange={(value) => props.onChange(category, { departmentId: value })}
          placeholder={t('processes.noDepartment')}
          clearable
          w={200}
          aria-label={t('processes.departmentFor', { category: name })}
        />
      </Table.Td>
    </Table.Tr>
  );
}
