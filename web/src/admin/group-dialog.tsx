import { Button, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PermissionDescription, UserGroup } from '../api/types.ts';
import { useCreateGroup, useUpdateGroup } from '../api/use-groups.ts';
import { LoadError } from '../components/load-error.tsx';
import { useGroupName } from './group-name.ts';
import { PermissionChecklist } from './permission-checklist.tsx';
import { useStartScreenOptions } from './start-screens.ts';

interface GroupFormValues {
  copyFrom: string | null;
  name: string;
  slug: string;
  /** Whether the administrator typed the slug; until then it follows the name. */
  slugEdited: boolean;
  startScreen: string;
  permissions: string[];
}

/** "Credit managers (north)" becomes "credit-managers-north". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
}

function initialValues(
  group: UserGroup | undefined,
  source: UserGroup | undefined,
): GroupFormValues {
  return {
    copyFrom: source?.slug ?? null,
    name: group?.name ?? '',
    slug: group?.slug ?? '',
    slugEdited: group !== undefined,
    startScreen: group?.startScreen ?? source?.startScreen ?? 'home',
    permissions: group?.permissions ?? source?.permissions ?? [],
  };
}

/**
 * Adds a user group, optionally starting from a copy of another group, or
 * edits one (`group`). A group's slug is fixed once it exists.
 */
export function GroupDialog(props: {
  group?: UserGroup;
  copyOf?: UserGroup;
  groups: UserGroup[];
  permissions: PermissionDescription[];
  onClose(): void;
}) {
  const { t } = useTranslation('users');
  const create = useCreateGroup();
  const update = useUpdateGroup();
  const startScreens = useStartScreenOptions();
  const groupName = useGroupName();
  const [values, setValues] = useState(() => initialValues(props.group, props.copyOf));
  const isNew = props.group === undefined;
  const mutation = isNew ? create : update;

  function change(changes: Partial<GroupFormValues>) {
    setValues((current) => {
      const next = { ...current, ...changes };
      if (changes.name !== undefined && !next.slugEdited) {
        next.slug = slugify(changes.name);
      }
      return next;
    });
  }

  function copyFrom(slug: string | null) {
    const source = props.groups.find((group) => group.slug === slug);
    change({
      copyFrom: slug,
      ...(source ? { startScreen: source.startScreen, permissions: source.permissions } : {}),
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name: values.name.trim(),
      startScreen: values.startScreen,
      permissions: values.permissions,
    };
    if (props.group) {
      update.mutate({ id: props.group.id, changes: fields }, { onSuccess: props.onClose });
      return;
    }
    create.mutate(
      { ...fields, slug: values.slug, ...(values.copyFrom ? { copyFrom: values.copyFrom } : {}) },
      { onSuccess: props.onClose },
    );
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={
        isNew
          ? t('groups.newTitle')
          : t('groups.editTitle', { name: props.group && groupName(props.group) })
      }
      size="xl"
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          {isNew && (
            <Select
              label={t('groups.copyFrom')}
              description={t('groups.copyFromHelp')}
              placeholder={t('groups.copyFromNone')}
              data={props.groups.map((group) => ({ value: group.slug, label: groupName(group) }))}
              value={values.copyFrom}
              onChange={copyFrom}
              clearable
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} style={{ alignItems: 'end' }}>
            <TextInput
              label={t('groups.name')}
              name="name"
              value={values.name}
              onChange={(event) => change({ name: event.currentTarget.value })}
              required
              data-autofocus
            />
            <TextInput
              label={t('groups.slug')}
              description={t('groups.slugHelp')}
              name="slug"
              value={values.slug}
              onChange={(event) => change({ slug: event.currentTarget.value, slugEdited: true })}
              disabled={!isNew}
              required
            />
            <Select
              label={t('groups.startScreen')}
              description={t('groups.startScreenHelp')}
              data={startScreens}
              value={values.startScreen}
              onChange={(startScreen) => startScreen && change({ startScreen })}
              allowDeselect={false}
            />
          </SimpleGrid>
          <PermissionChecklist
            permissions={props.permissions}
            value={values.permissions}
            onChange={(permissions) => change({ permissions })}
          />
          {mutation.error && <LoadError error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {isNew ? t('groups.create') : t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
