import { Badge, Button, Drawer, Image, Stack, Table, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntities } from '../api/use-entities.ts';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { EntityBankAccountsPanel } from '../entities/entity-bank-accounts-panel.tsx';
import { EntityForm } from '../entities/entity-form.tsx';
import { EntityHolidaysPanel } from '../entities/entity-holidays-panel.tsx';
import { EntityLogoPanel } from '../entities/entity-logo-panel.tsx';
import type { EntitySettings } from '../entities/entity-types.ts';

type Opened = { kind: 'new' } | { kind: 'edit'; id: string } | null;

/**
 * Renders the entities settings screen: the list, and a drawer per entity
 * with its settings, logo and days without sending. Users with settings.read see
 * everything; settings.manage is needed to add or change.
 */
export function EntitySettingsScreen() {
  const { t } = useTranslation('entities');
  const entities = useEntities();
  const canManage = usePermission('settings.manage');
  const [opened, setOpened] = useState<Opened>(null);

  const openedEntity =
    opened?.kind === 'edit' ? entities.data?.find((entity) => entity.id === opened.id) : undefined;

  return (
    <Stack gap="md">
      <PageTitle
        title={t('screen.title')}
        subtitle={t('screen.subtitle')}
        actions={
          canManage && <Button onClick={() => setOpened({ kind: 'new' })}>{t('screen.add')}</Button>
        }
      />
      {entities.isError && <LoadError error={entities.error} />}
      {entities.data?.length === 0 && <Text c="dimmed">{t('screen.none')}</Text>}
      {entities.data && entities.data.length > 0 && (
        <EntityTable entities={entities.data} onOpen={(id) => setOpened({ kind: 'edit', id })} />
      )}

      <Drawer
        opened={opened !== null}
        onClose={() => setOpened(null)}
        position="right"
        size="xl"
        title={
          <Text fw={600} size="lg">
            {openedEntity
              ? t('screen.drawerTitle', { code: openedEntity.code, name: openedEntity.name })
              : t('screen.newTitle')}
          </Text>
        }
      >
        {opened?.kind === 'new' && (
          <EntityForm onSaved={(saved) => setOpened({ kind: 'edit', id: saved.id })} />
        )}
        {openedEntity && <EntityTabs key={openedEntity.id} entity={openedEntity} />}
      </Drawer>
    </Stack>
  );
}

function EntityTable(props: { entities: EntitySettings[]; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation('entities');
  const regionNames = new Intl.DisplayNames([i18n.resolvedLanguage ?? 'en'], { type: 'region' });

  return (
    <Table striped highlightOnHover verticalSpacing="xs" data-testid="entity-settings-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={70}>{t('screen.logo')}</Table.Th>
          <Table.Th>{t('screen.code')}</Table.Th>
          <Table.Th>{t('screen.name')}</Table.Th>
          <Table.Th>{t('screen.country')}</Table.Th>
          <Table.Th>{t('screen.currency')}</Table.Th>
          <Table.Th>{t('screen.languages')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.entities.map((entity) => (
          <Table.Tr key={entity.id}>
            <Table.Td>
              {entity.hasLogo ? (
                <Image
                  src={`/api/entities/${entity.id}/logo`}
                  alt=""
                  h={24}
                  w="auto"
                  fit="contain"
                />
              ) : (
                <Text size="xs" c="dimmed">
                  –
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge variant="light">{entity.code}</Badge>
            </Table.Td>
            <Table.Td>{entity.name}</Table.Td>
            <Table.Td>{regionNames.of(entity.country) ?? entity.country}</Table.Td>
            <Table.Td>{entity.currency}</Table.Td>
            <Table.Td>
              {entity.languages.map((language) => language.toUpperCase()).join(', ')}
            </Table.Td>
            <Table.Td ta="right">
              <Button variant="subtle" size="compact-sm" onClick={() => props.onOpen(entity.id)}>
                {t('screen.open')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EntityTabs(props: { entity: EntitySettings }) {
  const { t } = useTranslation('entities');

  return (
    <Tabs defaultValue="settings" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="settings">{t('screen.settingsTab')}</Tabs.Tab>
        <Tabs.Tab value="logo">{t('screen.logoTab')}</Tabs.Tab>
        <Tabs.Tab value="holidays">{t('screen.holidaysTab')}</Tabs.Tab>
        <Tabs.Tab value="bankAccounts">{t('screen.bankAccountsTab')}</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="settings">
        <EntityForm entity={props.entity} onSaved={() => undefined} />
      </Tabs.Panel>
      <Tabs.Panel value="logo">
        <EntityLogoPanel entity={props.entity} />
      </Tabs.Panel>
      <Tabs.Panel value="holidays">
        <EntityHolidaysPanel entity={props.entity} />
      </Tabs.Panel>
      <Tabs.Panel value="bankAccounts">
        <EntityBankAccountsPanel entity={props.entity} />
      </Tabs.Panel>
    </Tabs>
  );
}
