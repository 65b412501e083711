import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionDescription } from '../api/types.ts';
import { useCreateApiKey } from '../api/use-api-keys.ts';
import { useSession } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { CopyField } from './copy-field.tsx';
import { PermissionChecklist } from './permission-checklist.tsx';

/**
 * Creates an API key with every permission of its creator or a chosen few,
 * then shows the key once: the server stores only a hash of it.
 */
export function CreateApiKeyDialog(props: {
  permissions: PermissionDescription[];
  onClose(): void;
}) {
  const { t } = useTranslation('admin');
  const session = useSession();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'all' | 'chosen'>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  // A key can hold no permission its creator lacks.
  const creatorPermissions = new Set(session.data?.access.permissions ?? []);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), ...(scope === 'chosen' ? { permissions: chosen } : {}) });
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={create.data ? t('apiKeys.createdTitle') : t('apiKeys.newTitle')}
      size="xl"
      centered
      closeOnClickOutside={!create.data}
    >
      {create.data ? (
        <Stack>
          <Alert color="yellow" title={t('apiKeys.onceTitle')} data-testid="api-key-warning">
            {t('apiKeys.onceText')}
          </Alert>
          <CopyField value={create.data.key} testId="api-key-value" />
          <Text size="sm" c="dimmed">
            {t('apiKeys.usage')}
          </Text>
          <Group justify="flex-end">
            <Button onClick={props.onClose}>{t('apiKeys.copiedDone')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <TextInput
              label={t('apiKeys.name')}
              description={t('apiKeys.nameHelp')}
              name="api-key-name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              data-autofocus
            />
            <Radio.Group
              label={t('apiKeys.scope')}
              value={scope}
              onChange={(value) => setScope(value === 'chosen' ? 'chosen' : 'all')}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="all" label={t('apiKeys.scopeAll')} />
                <Radio value="chosen" label={t('apiKeys.scopeChosen')} />
              </Stack>
            </Radio.Group>
            {scope === 'chosen' && (
              <PermissionChecklist
                permissions={props.permissions}
                value={chosen}
                onChange={setChosen}
                selectable={creatorPermissions}
                withLabel={false}
              />
            )}
            {create.error && <LoadError error={create.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={props.onClose}>
                {t('dialog.cancel')}
              </Button>
              <Button
                type="submit"
                loading={create.isPending}
                disabled={scope === 'chosen' && chosen.length === 0}
              >
                {t('apiKeys.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
