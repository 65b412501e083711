import { AppShell, Burger, Group, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptionalEntity } from '../entity/entity-context.tsx';
import { NotLiveBanner } from '../wizard/not-live-banner.tsx';
import { EntitySelect } from './entity-select.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { MainNav } from './main-nav.tsx';
import { UserMenu } from './user-menu.tsx';

export function AppLayout(props: { children: ReactNode }) {
  const { t } = useTranslation();
  const [navOpen, nav] = useDisclosure(false);
  const entityChoice = useOptionalEntity();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={navOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('layout.toggleNavigation')}
            />
            <Title order={3} c="teal.8" visibleFrom="sm">
              {t('app.name')}
            </Title>
            {entityChoice && <EntitySelect />}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <MainNav onNavigate={nav.close} disabled={!entityChoice} />
      </AppShell.Navbar>
      <AppShell.Main>
        <NotLiveBanner />
        {props.children}
      </AppShell.Main>
    </AppShell>
  );
}
