import { Alert, Badge, Center, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountLink } from '../api/types.ts';
import { useUsers } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { InvitationLink } from './invitation-link.tsx';
import { InviteUserForm } from './invite-user-form.tsx';

/** Lists the organisation's users and invites more with their group, entities and department. */
export function UsersStep() {
  const { t } = useTranslation('wizard');
  const users = useUsers();
  const [invited, setInvited] = useState<{ name: string; invitation: AccountLink } | null>(null);

  return (
    <Stack gap="md">
      {users.isPending && (
        <Center py="md">
          <Loader />
        </Center>
      )}
      {users.isError && <LoadError error={users.error} />}
      {users.data && (
        <Table data-testid="user-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('users.name')}</Table.Th>
              <Table.Th>{t('users.username')}</Table.Th>
              <Table.Th>{t('users.email')}</Table.Th>
              <Table.Th>{t('users.group')}</Table.Th>
              <Table.Th>{t('users.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>{user.name}</Table.Td>
                <Table.Td>{user.username}</Table.Td>
                <Table.Td>{user.email}</Table.Td>
                <Table.Td>{user.group?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={
                      user.status === 'active'
                        ? 'teal'
                        : user.status === 'invited'
                          ? 'blue'
                          : 'gray'
                    }
                  >
                    {t(`users.statusValue.${user.status}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {invited && (
        <Alert color="teal" title={t('users.invitedTitle', { name: invited.name })}>
          <Stack gap="xs">
            <Text size="sm">
              {invited.invitation.emailed
                ? t('users.invitedEmailed')
                : t('users.invitedNotEmailed')}
            </Text>
            <InvitationLink invitation={invited.invitation} />
          </Stack>
        </Alert>
      )}

      <Title order={4}>{t('users.inviteTitle')}</Title>
      <InviteUserForm onInvited={(name, invitation) => setInvited({ name, invitation })} />
    </Stack>
  );
}
