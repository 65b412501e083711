import { Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountLink, User } from '../api/types.ts';
import { useDepartments } from '../api/use-departments.ts';
import { useEntities } from '../api/use-entities.ts';
import { useGroups } from '../api/use-groups.ts';
import { usePermission } from '../api/use-session.ts';
import {
  useCreatePasswordReset,
  useResendInvitation,
  useTurnOffUserTotp,
  useUpdateUser,
  useUsers,
} from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useErrorMessage } from '../components/use-error-message.ts';
import { AccountLinkDialog } from './account-link-dialog.tsx';
import { CenteredLoader } from './centered-loader.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { UserFormDialog, type UserFormChoices } from './user-form-dialog.tsx';
import { UserTable, type UserAction } from './user-table.tsx';

/** Lists the organisation's users, and with users.manage invites and changes them. */
export function UsersScreen() {
  const users = useUsers();
  const groups = useGroups();
  const entities = useEntities();
  const departments = useDepartments();
  const canManage = usePermission('users.manage');

  const failed = users.error ?? groups.error ?? entities.error ?? departments.error;
  if (failed) {
    return <LoadError error={failed} />;
  }
  if (!users.data || !groups.data || !entities.data || !departments.data) {
    return <CenteredLoader />;
  }
  const choices: UserFormChoices = {
    groups: groups.data,
    entities: entities.data,
    departments: departments.data,
  };

  return <UserList users={users.data} choices={choices} canManage={canManage} />;
}

type Dialog =
  | { kind: 'invite' }
  | { kind: 'edit'; user: User }
  | { kind: 'link'; linkKind: 'invitation' | 'passwordReset'; link: AccountLink; user: User }
  | { kind: 'confirm'; action: 'turnOffTotp' | 'deactivate'; user: User };

function UserList(props: { users: User[]; choices: UserFormChoices; canManage: boolean }) {
  const { t } = useTranslation('users');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const resendInvitation = useResendInvitation();
  const passwordReset = useCreatePasswordReset();
  const turnOffTotp = useTurnOffUserTotp();
  const update = useUpdateUser();
  const errorMessage = useErrorMessage();
  const close = () => setDialog(null);

  function showError(error: Error) {
    notifications.show({
      color: 'red',
      title: errorMessage.title,
      message: errorMessage.describe(error),
    });
  }

  function handleAction(action: UserAction, user: User) {
    switch (action) {
      case 'edit':
        setDialog({ kind: 'edit', user });
        return;
      case 'resendInvitation':
        resendInvitation.mutate(user.id, {
          onSuccess: (link) => setDialog({ kind: 'link', linkKind: 'invitation', link, user }),
          onError: showError,
        });
        return;
      case 'passwordReset':
        passwordReset.mutate(user.id, {
          onSuccess: (link) => setDialog({ kind: 'link', linkKind: 'passwordReset', link, user }),
          onError: showError,
        });
        return;
      case 'turnOffTotp':
      case 'deactivate':
        turnOffTotp.reset();
        update.reset();
        setDialog({ kind: 'confirm', action, user });
        return;
      case 'reactivate':
        update.mutate(
          { id: user.id, changes: { isActive: true } },
          {
            onSuccess: () =>
              notifications.show({
                color: 'green',
                message: t('actions.reactivated', { name: user.name }),
              }),
            onError: showError,
          },
        );
        return;
    }
  }

  function confirm(action: 'turnOffTotp' | 'deactivate', user: User) {
    if (action === 'turnOffTotp') {
      turnOffTotp.mutate(user.id, { onSuccess: close });
    } else {
      update.mutate({ id: user.id, changes: { isActive: false } }, { onSuccess: close });
    }
  }

  return (
    <Stack gap="md">
      <PageTitle
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          props.canManage && (
            <Button onClick={() => setDialog({ kind: 'invite' })}>{t('invite')}</Button>
          )
        }
      />
      <UserTable
        users={props.users}
        choices={props.choices}
        onAction={props.canManage ? handleAction : undefined}
      />

      {(dialog?.kind === 'invite' || dialog?.kind === 'edit') && (
        <UserFormDialog
          key={dialog.kind === 'edit' ? dialog.user.id : 'new'}
          opened
          user={dialog.kind === 'edit' ? dialog.user : undefined}
          choices={props.choices}
          onClose={close}
          onInvited={(link, user) =>
            setDialog({ kind: 'link', linkKind: 'invitation', link, user })
          }
        />
      )}
      <AccountLinkDialog
        link={dialog?.kind === 'link' ? dialog.link : null}
        kind={dialog?.kind === 'link' ? dialog.linkKind : 'invitation'}
        userName={dialog?.kind === 'link' ? dialog.user.name : ''}
        onClose={close}
      />
      {dialog?.kind === 'confirm' && (
        <ConfirmDialog
          opened
          title={
            dialog.action === 'deactivate'
              ? t('confirm.deactivateTitle')
              : t('confirm.turnOffTotpTitle')
          }
          confirmLabel={
            dialog.action === 'deactivate' ? t('actions.deactivate') : t('actions.turnOffTotp')
          }
          danger
          pending={turnOffTotp.isPending || update.isPending}
          error={turnOffTotp.error ?? update.error}
          onConfirm={() => confirm(dialog.action, dialog.user)}
          onClose={close}
        >
          {dialog.action === 'deactivate'
            ? t('confirm.deactivateText', { name: dialog.user.name })
            : t('confirm.turnOffTotpText', { name: dialog.user.name })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}
