import { ActionIcon, Badge, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User, UserStatus } from '../api/types.ts';
import { useSession } from '../api/use-session.ts';
import { useGroupName } from './group-name.ts';
import type { UserFormChoices } from './user-form-dialog.tsx';

export type UserAction =
  'edit' | 'resendInvitation' | 'passwordReset' | 'turnOffTotp' | 'deactivate' | 'reactivate';

const statusColours: Record<UserStatus, string> = {
  invited: 'yellow',
  active: 'green',
  deactivated: 'gray',
};

/** Lists the users with their status, group and limits. Without `onAction` (read-only viewers) the rows have no actions. */
export function UserTable(props: {
  users: User[];
  choices: UserFormChoices;
  onAction?(action: UserAction, user: User): void;
}) {
  const { t } = useTranslation('users');
  const groupName = useGroupName();
  const entityCodes = new Map(props.choices.entities.map((entity) => [entity.id, entity.code]));
  const departmentNames = new Map(props.choices.departments.map((d) => [d.id, d.name]));

  function describeEntities(user: User): string {
    if (user.entityIds === null) {
      return t('table.allEntities');
    }
    // An entity the viewer cannot see (they are limited themselves) shows as a count.
    const codes = user.entityIds.flatMap((id) => entityCodes.get(id) ?? []);
    const hidden = user.entityIds.length - codes.length;
    return [...codes, ...(hidden > 0 ? [t('table.otherEntities', { count: hidden })] : [])].join(
      ', ',
    );
  }

  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="user-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('table.user')}</Table.Th>
            <Table.Th>{t('table.status')}</Table.Th>
            <Table.Th>{t('table.group')}</Table.Th>
            <Table.Th>{t('table.entities')}</Table.Th>
            <Table.Th>{t('table.department')}</Table.Th>
            {props.onAction && <Table.Th w={60} aria-label={t('table.actions')} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.users.map((user) => (
            <Table.Tr key={user.id} data-username={user.username}>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" fw={500}>
                    {user.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {user.username} · {user.email}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Badge
                    color={statusColours[user.status]}
                    variant="light"
                    data-status={user.status}
                  >
                    {t(`status.${user.status}`)}
                  </Badge>
                  {user.totpEnabled && (
                    <Badge color="teal" variant="outline" title={t('table.totpOnHelp')}>
                      {t('table.totpOn')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{user.group ? groupName(user.group) : t('table.noGroup')}</Table.Td>
              <Table.Td>{describeEntities(user)}</Table.Td>
              <Table.Td>
                {user.departmentId === null
                  ? t('table.allDepartments')
                  : (departmentNames.get(user.departmentId) ?? '')}
              </Table.Td>
              {props.onAction && (
                <Table.Td>
                  <UserActionMenu user={user} onAction={props.onAction} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UserActionMenu(props: { user: User; onAction(action: UserAction, user: User): void }) {
  const { t } = useTranslation('users');
  const { user } = props;
  const run = (action: UserAction) => () => props.onAction(action, user);
  // The server refuses these for one's own account, which has its own screens for them.
  const isOwnAccount = useSession().data?.user.id === user.id;

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('actions.label', { name: user.name })}
        >
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={run('edit')}>{t('actions.edit')}</Menu.Item>
        {user.status === 'invited' && (
          <Menu.Item onClick={run('resendInvitation')}>{t('actions.resendInvitation')}</Menu.Item>
        )}
        {user.status === 'active' && !isOwnAccount && (
          <Menu.Item onClick={run('passwordReset')}>{t('actions.passwordReset')}</Menu.Item>
        )}
        {user.totpEnabled && !isOwnAccount && (
          <Menu.Item onClick={run('turnOffTotp')}>{t('actions.turnOffTotp')}</Menu.Item>
        )}
        {!isOwnAccount && <Menu.Divider />}
        {isOwnAccount ? null : user.isActive ? (
          <Menu.Item color="red" onClick={run('deactivate')}>
            {t('actions.deactivate')}
          </Menu.Item>
        ) : (
          <Menu.Item onClick={run('reactivate')}>{t('actions.reactivate')}</Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
