import { Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { Department } from '../api/types.ts';
import { useAddDepartment, useDeleteDepartment, useDepartments } from '../api/use-departments.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { CenteredLoader } from './centered-loader.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Lists, adds and deletes the departments that issues are assigned to and users can be limited to. */
export function DepartmentsScreen() {
  const { t } = useTranslation('users');
  const departments = useDepartments();
  const canManage = usePermission('users.manage');
  const deleteDepartment = useDeleteDepartment();
  const [toDelete, setToDelete] = useState<Department | null>(null);

  function openDelete(department: Department) {
    deleteDepartment.reset();
    setToDelete(department);
  }

  return (
    <Stack gap="md" maw={720}>
      <PageTitle title={t('departments.title')} subtitle={t('departments.subtitle')} />
      {canManage && <AddDepartmentForm />}
      {departments.isError && <LoadError error={departments.error} />}
      {departments.isPending && <CenteredLoader />}
      {departments.data?.length === 0 && <Text c="dimmed">{t('departments.none')}</Text>}
      {departments.data && departments.data.length > 0 && (
        <Table striped verticalSpacing="xs" data-testid="department-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('departments.name')}</Table.Th>
              {canManage && <Table.Th w={120} aria-label={t('table.actions')} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {departments.data.map((department) => (
              <Table.Tr key={department.id}>
                <Table.Td>{department.name}</Table.Td>
                {canManage && (
                  <Table.Td ta="right">
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => openDelete(department)}
                    >
                      {t('departments.delete')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {toDelete && (
        <ConfirmDialog
          opened
          title={t('departments.deleteTitle')}
          confirmLabel={t('departments.delete')}
          danger
          pending={deleteDepartment.isPending}
          error={deleteDepartment.error}
          errorText={
            deleteDepartment.error instanceof ApiError && deleteDepartment.error.code === 'conflict'
              ? t('departments.deleteConflict', { detail: deleteDepartment.error.message })
              : null
          }
          onConfirm={() =>
            deleteDepartment.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })
          }
          onClose={() => setToDelete(null)}
        >
          {t('departments.deleteText', { name: toDelete.name })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}

function AddDepartmentForm() {
  const { t } = useTranslation('users');
  const add = useAddDepartment();
  const [name, setName] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate(name.trim(), { onSuccess: () => setName('') });
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label={t('departments.newName')}
              name="department-name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={add.isPending}>
              {t('departments.add')}
            </Button>
          </Group>
          {add.error && <LoadError error={add.error} />}
        </Stack>
      </form>
    </Paper>
  );
}
