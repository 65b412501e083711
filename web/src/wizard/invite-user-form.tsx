import { Button, Group, MultiSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntities } from '../api/use-entities.ts';
import type { AccountLink } from '../api/types.ts';
import { useDepartments } from '../api/use-departments.ts';
import { useGroups } from '../api/use-groups.ts';
import { useInviteUser } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';

const userLanguages = ['nl', 'en', 'de', 'fr'] as const;

const emptyForm = {
  username: '',
  name: '',
  email: '',
  group: 'credit-manager',
  entityIds: [] as string[],
  departmentId: null as string | null,
};

/**
 * Invites one user. No entities chosen means all entities; the department
 * matters for dispute handlers, who see the issues of their department.
 */
export function InviteUserForm(props: { onInvited(name: string, invitation: AccountLink): void }) {
  const { t, i18n } = useTranslation('wizard');
  const entities = useEntities();
  const groups = useGroups();
  const departments = useDepartments();
  const invite = useInviteUser();
  const [form, setForm] = useState(emptyForm);
  const [language, setLanguage] = useState<string>(i18n.resolvedLanguage ?? 'nl');

  function change<K extends keyof typeof emptyForm>(key: K, value: (typeof emptyForm)[K]) {
    setForm((current) => ({ ...current, [key]: value }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const name = form.name.trim();
    invite.mutate(
      {
        username: form.username.trim(),
        name,
        email: form.email.trim(),
        language,
        group: form.group,
        entityIds: form.entityIds.length > 0 ? form.entityIds : undefined,
        departmentId: form.departmentId,
      },
      {
        onSuccess: (result) => {
          props.onInvited(name, result.invitation);
          setForm(emptyForm);
        },
      },
    );
  }

  return (
    <form onSubmit={submit} data-testid="invite-form">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('users.name')}
          value={form.name}
          onChange={(event) => change('name', event.currentTarget.value)}
          required
        />
        <TextInput
          label={t('users.email')}
          type="email"
          value={form.email}
          onChange={(event) => change('email', event.currentTarget.value)}
          required
        />
        <TextInput
          label={t('users.username')}
          description={t('users.usernameHelp')}
          value={form.username}
          onChange={(event) => change('username', event.currentTarget.value)}
          required
        />
        <Select
          label={t('users.language')}
          description={t('users.languageHelp')}
          data={userLanguages.map((code) => ({ value: code, label: t(`languages.${code}`) }))}
          value={language}
          onChange={(value) => setLanguage(value ?? language)}
          allowDeselect={false}
        />
        <Select
          label={t('users.group')}
          description={t('users.groupHelp')}
          data={(groups.data ?? []).map((group) => ({ value: group.slug, label: group.name }))}
          value={form.group}
          onChange={(value) => change('group', value ?? form.group)}
          allowDeselect={false}
        />
        <MultiSelect
          label={t('users.entities')}
          description={t('users.entitiesHelp')}
          placeholder={form.entityIds.length === 0 ? t('users.allEntities') : undefined}
          data={(entities.data ?? []).map((entity) => ({
            value: entity.id,
            label: `${entity.code} · ${entity.name}`,
          }))}
          value={form.entityIds}
          onChange={(value) => change('entityIds', value)}
          clearable
        />
        <Select
          label={t('users.department')}
          description={t('users.departmentHelp')}
          placeholder={t('users.noDepartment')}
          data={(departments.data ?? []).map((department) => ({
            value: department.id,
            label: department.name,
          }))}
          value={form.departmentId}
          onChange={(value) => change('departmentId', value)}
          clearable
        />
      </SimpleGrid>
      {groups.error && <LoadError error={groups.error} />}
      {invite.error && <LoadError error={invite.error} />}
      <Group mt="md">
        <Button type="submit" loading={invite.isPending}>
          {t('users.invite')}
        </Button>
      </Group>
    </form>
  );
}
