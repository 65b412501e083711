import {
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountLink, Department, Entity, User, UserGroup } from '../api/types.ts';
import { useInviteUser, useUpdateUser } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { useUserOptions } from './user-options.ts';

interface UserFormValues {
  username: string;
  name: string;
  email: string;
  language: string;
  group: string | null;
  /** Empty for every entity. */
  entityIds: string[];
  /** null for every department. */
  departmentId: string | null;
}

export interface UserFormChoices {
  groups: UserGroup[];
  entities: Entity[];
  departments: Department[];
}

function initialValues(user: User | undefined, language: string): UserFormValues {
  return {
    username: user?.username ?? '',
    name: user?.name ?? '',
    email: user?.email ?? '',
    language: user?.language ?? language,
    group: user?.group?.slug ?? null,
    entityIds: user?.entityIds ?? [],
    departmentId: user?.departmentId ?? null,
  };
}

/**
 * Invites a new user (no `user`) or edits one. An invited user gets a link
 * to choose their password; `onInvited` receives it to show the administrator.
 */
export function UserFormDialog(props: {
  opened: boolean;
  user?: User;
  choices: UserFormChoices;
  onClose(): void;
  onInvited(link: AccountLink, user: User): void;
}) {
  const { t, i18n } = useTranslation('users');
  const invite = useInviteUser();
  const update = useUpdateUser();
  const options = useUserOptions(props.choices);
  const [values, setValues] = useState(() =>
    initialValues(props.user, i18n.resolvedLanguage ?? 'en'),
  );
  const isNew = props.user === undefined;
  const mutation = isNew ? invite : update;

  function change(changes: Partial<UserFormValues>) {
    setValues((current) => ({ ...current, ...changes }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!values.group) {
      return;
    }
    const fields = {
      name: values.name.trim(),
      email: values.email.trim(),
      language: values.language,
      group: values.group,
      departmentId: values.departmentId,
    };
    if (props.user) {
      const entityIds = values.entityIds.length > 0 ? values.entityIds : null;
      update.mutate(
        { id: props.user.id, changes: { ...fields, entityIds } },
        { onSuccess: props.onClose },
      );
      return;
    }
    invite.mutate(
      {
        ...fields,
        username: values.username.trim(),
        ...(values.entityIds.length > 0 ? { entityIds: values.entityIds } : {}),
      },
      { onSuccess: (result) => props.onInvited(result.invitation, result.user) },
    );
  }

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={isNew ? t('form.inviteTitle') : t('form.editTitle', { name: props.user?.name })}
      size="lg"
      centered
    >
      <form onSubmit={submit}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }} style={{ alignItems: 'end' }}>
            <TextInput
              label={t('form.username')}
              description={isNew ? t('form.usernameHelp') : undefined}
              name="username"
              value={values.username}
              onChange={(event) => change({ username: event.currentTarget.value })}
              disabled={!isNew}
              required
              data-autofocus
            />
            <Select
              label={t('form.language')}
              description={t('form.languageHelp')}
              data={options.languages}
              value={values.language}
              onChange={(language) => language && change({ language })}
              allowDeselect={false}
            />
            <TextInput
              label={t('form.name')}
              name="name"
              value={values.name}
              onChange={(event) => change({ name: event.currentTarget.value })}
              required
            />
            <TextInput
              label={t('form.email')}
              name="email"
              type="email"
              value={values.email}
              onChange={(event) => change({ email: event.currentTarget.value })}
              required
            />
          </SimpleGrid>
          <Select
            label={t('form.group')}
            placeholder={t('form.groupPlaceholder')}
            data={options.groups}
            value={values.group}
            onChange={(group) => change({ group })}
            allowDeselect={false}
            required
            data-testid="user-group"
          />
          <MultiSelect
            label={t('form.entities')}
            description={t('form.entitiesHelp')}
            placeholder={values.entityIds.length === 0 ? t('form.allEntities') : undefined}
            data={options.entities}
            value={values.entityIds}
            onChange={(entityIds) => change({ entityIds })}
            searchable
            clearable
          />
          <Select
            label={t('form.department')}
            description={t('form.departmentHelp')}
            placeholder={t('form.allDepartments')}
            data={options.departments}
            value={values.departmentId}
            onChange={(departmentId) => change({ departmentId })}
            clearable
          />
          {mutation.error && <LoadError error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('form.cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={!values.group}>
              {isNew ? t('form.invite') : t('form.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
