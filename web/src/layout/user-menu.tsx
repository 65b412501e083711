import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useLogOut, useSession } from '../api/use-session.ts';

/** Shows the signed-in user's name as a menu of their own account pages and logging out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { t: tAccount } = useTranslation('account');
  const session = useSession();
  const logOut = useLogOut();
  const navigate = useNavigate();

  // The next user to log in starts on their own start screen, not on this user's page.
  function leave() {
    logOut.mutate(undefined, { onSettled: () => navigate('/') });
  }

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="xs" loading={logOut.isPending} data-testid="user-menu">
          <span data-testid="user-name">{session.data?.user.name}</span>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{session.data?.user.username}</Menu.Label>
        <Menu.Item onClick={() => navigate('/account/password')}>
          {tAccount('menu.changePassword')}
        </Menu.Item>
        <Menu.Item onClick={() => navigate('/account/two-factor')}>
          {tAccount('menu.twoFactor')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={leave}>{t('layout.logOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
