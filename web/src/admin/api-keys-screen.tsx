import { Badge, Button, Code, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../api/types.ts';
import { useApiKeys, useRevokeApiKey } from '../api/use-api-keys.ts';
import { usePermissionDescriptions } from '../api/use-groups.ts';
import { usePermission } from '../api/use-session.ts';
import { useUsers } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { CenteredLoader } from './centered-loader.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CreateApiKeyDialog } from './create-api-key-dialog.tsx';
import { useDateTime } from './use-date-time.ts';

/** Lists the organisation's API keys, revoked ones included. A key itself shows only once, when it is created. */
export function ApiKeysScreen() {
  const { t } = useTranslation('admin');
  const keys = useApiKeys();
  const permissions = usePermissionDescriptions();
  const users = useUsers();
  const canManage = usePermission('users.manage');
  const dateTime = useDateTime();
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [toRevoke, setToRevoke] = useState<ApiKey | null>(null);

  const failed = keys.error ?? permissions.error;
  if (failed) {
    return <LoadError error={failed} />;
  }
  if (!keys.data || !permissions.data) {
    return <CenteredLoader />;
  }
  const userNames = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  const total = permissions.data.length;

  function openRevoke(key: ApiKey) {
    revoke.reset();
    setToRevoke(key);
  }

  return (
    <Stack gap="md">
      <PageTitle
        title={t('apiKeys.title')}
        subtitle={t('apiKeys.subtitle')}
        actions={canManage && <Button onClick={() => setCreating(true)}>{t('apiKeys.new')}</Button>}
      />
      {keys.data.length === 0 ? (
        <Text c="dimmed">{t('apiKeys.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped verticalSpacing="xs" data-testid="api-key-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiKeys.name')}</Table.Th>
                <Table.Th>{t('apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.permissions')}</Table.Th>
                <Table.Th>{t('apiKeys.created')}</Table.Th>
                <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                <Table.Th>{t('apiKeys.status')}</Table.Th>
                {canManage && <Table.Th w={110} aria-label={t('apiKeys.actions')} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.data.map((key) => (
                <Table.Tr
                  key={key.id}
                  data-key-name={key.name}
                  c={key.revokedAt ? 'dimmed' : undefined}
                >
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td>
                    <Code>{key.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>
                    {key.permissions.length === total
                      ? t('apiKeys.allPermissions', { total })
                      : key.permissions.join(', ')}
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm">{dateTime(key.createdAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {userNames.get(key.createdBy) ?? key.createdBy}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    {key.lastUsedAt ? dateTime(key.lastUsedAt) : t('apiKeys.neverUsed')}
                  </Table.Td>
                  <Table.Td>
                    {key.revokedAt ? (
                      <Badge color="gray" variant="light" title={dateTime(key.revokedAt)}>
                        {t('apiKeys.revoked')}
                      </Badge>
                    ) : (
                      <Badge color="green" variant="light">
                        {t('apiKeys.active')}
                      </Badge>
                    )}
                  </Table.Td>
                  {canManage && (
                    <Table.Td ta="right">
                      {!key.revokedAt && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color="red"
                          onClick={() => openRevoke(key)}
                        >
                          {t('apiKeys.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {creating && (
        <CreateApiKeyDialog permissions={permissions.data} onClose={() => setCreating(false)} />
      )}
      {toRevoke && (
        <ConfirmDialog
          opened
          title={t('apiKeys.revokeTitle')}
          confirmLabel={t('apiKeys.revoke')}
          danger
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(toRevoke.id, { onSuccess: () => setToRevoke(null) })}
          onClose={() => setToRevoke(null)}
        >
          {t('apiKeys.revokeText', { name: toRevoke.name })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}
