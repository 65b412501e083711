import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useLogOut, useSession } from '../api/use-session.ts';

export function UserMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const logOut = useLogOut();

  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" visibleFrom="sm" data-testid="user-name">
        {session.data?.user.name}
      </Text>
      <Button
        variant="default"
        size="xs"
        onClick={() => logOut.mutate()}
        loading={logOut.isPending}
      >
        {t('layout.logOut')}
      </Button>
    </Group>
  );
}
