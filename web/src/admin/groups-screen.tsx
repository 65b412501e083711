import { ActionIcon, Badge, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import type { PermissionDescription, UserGroup } from '../api/types.ts';
import { useDeleteGroup, useGroups, usePermissionDescriptions } from '../api/use-groups.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { CenteredLoader } from './centered-loader.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { GroupDialog } from './group-dialog.tsx';
import { useGroupName } from './group-name.ts';
import { useStartScreenLabel } from './start-screens.ts';

/** User groups with their permissions and start screen; with users.manage also editable. */
export function GroupsScreen() {
  const groups = useGroups();
  const permissions = usePermissionDescriptions();
  const canManage = usePermission('users.manage');

  const failed = groups.error ?? permissions.error;
  if (failed) {
    return <LoadError error={failed} />;
  }
  if (!groups.data || !permissions.data) {
    return <CenteredLoader />;
  }
  return <GroupList groups={groups.data} permissions={permissions.data} canManage={canManage} />;
}

type Dialog =
  | { kind: 'new'; copyOf?: UserGroup }
  | { kind: 'edit'; group: UserGroup }
  | { kind: 'delete'; group: UserGroup };

function GroupList(props: {
  groups: UserGroup[];
  permissions: PermissionDescription[];
  canManage: boolean;
}) {
  const { t } = useTranslation('users');
  const startScreenLabel = useStartScreenLabel();
  const groupName = useGroupName();
  const deleteGroup = useDeleteGroup();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const total = props.permissions.length;

  function openDelete(group: UserGroup) {
    deleteGroup.reset();
    setDialog({ kind: 'delete', group });
  }

  return (
    <Stack gap="md">
      <PageTitle
        title={t('groups.title')}
        subtitle={t('groups.subtitle')}
        actions={
          props.canManage && (
            <Button onClick={() => setDialog({ kind: 'new' })}>{t('groups.new')}</Button>
          )
        }
      />
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid="group-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('groups.name')}</Table.Th>
              <Table.Th>{t('groups.startScreen')}</Table.Th>
              <Table.Th>{t('groups.permissions')}</Table.Th>
              <Table.Th ta="right">{t('groups.users')}</Table.Th>
              {props.canManage && <Table.Th w={60} aria-label={t('table.actions')} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.groups.map((group) => (
              <Table.Tr key={group.id} data-slug={group.slug}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Stack gap={0}>
                      <Text size="sm" fw={500}>
                        {groupName(group)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {group.slug}
                      </Text>
                    </Stack>
                    {group.preset && (
                      <Badge variant="light" color="gray" size="sm">
                        {t('groups.preset')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{startScreenLabel(group.startScreen)}</Table.Td>
                <Table.Td>
                  {group.permissions.length === total
                    ? t('groups.allPermissions', { total })
                    : t('groups.permissionCount', { count: group.permissions.length, total })}
                </Table.Td>
                <Table.Td ta="right">{group.userCount}</Table.Td>
                {props.canManage && (
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('actions.label', { name: groupName(group) })}
                        >
                          ⋯
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setDialog({ kind: 'edit', group })}>
                          {t('actions.edit')}
                        </Menu.Item>
                        <Menu.Item onClick={() => setDialog({ kind: 'new', copyOf: group })}>
                          {t('groups.copy')}
                        </Menu.Item>
                        {/* The server keeps preset groups: they cannot be deleted. */}
                        {group.preset === null && (
                          <>
                            <Menu.Divider />
                            <Menu.Item color="red" onClick={() => openDelete(group)}>
                              {t('groups.delete')}
                            </Menu.Item>
                          </>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>

      {(dialog?.kind === 'new' || dialog?.kind === 'edit') && (
        <GroupDialog
          group={dialog.kind === 'edit' ? dialog.group : undefined}
          copyOf={dialog.kind === 'new' ? dialog.copyOf : undefined}
          groups={props.groups}
          permissions={props.permissions}
          onClose={close}
        />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          opened
          title={t('groups.deleteTitle')}
          confirmLabel={t('groups.delete')}
          danger
          pending={deleteGroup.isPending}
          error={deleteGroup.error}
          errorText={
            isConflict(deleteGroup.error)
              ? t('groups.deleteConflict', { count: dialog.group.userCount })
              : null
          }
          onConfirm={() => deleteGroup.mutate(dialog.group.id, { onSuccess: close })}
          onClose={close}
        >
          {t('groups.deleteText', { name: groupName(dialog.group) })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}

function isConflict(error: Error | null): boolean {
  return error instanceof ApiError && error.code === 'conflict';
}
