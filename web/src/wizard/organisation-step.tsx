import { Button, Center, Group, Loader, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useOrganisation,
  useRenameOrganisation,
  type Organisation,
} from '../api/use-provisioning.ts';
import { LoadError } from '../components/load-error.tsx';

/** Edits the organisation's name, as it appears in the app. */
export function OrganisationStep() {
  const organisation = useOrganisation();

  if (organisation.isPending) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  if (organisation.isError) {
    return <LoadError error={organisation.error} />;
  }
  return <OrganisationForm organisation={organisation.data} />;
}

function OrganisationForm(props: { organisation: Organisation }) {
  const { t } = useTranslation('wizard');
  const rename = useRenameOrganisation();
  const [name, setName] = useState(props.organisation.name);

  function submit(event: FormEvent) {
    event.preventDefault();
    rename.mutate(name.trim(), {
      onSuccess: () => notifications.show({ color: 'green', message: t('organisation.saved') }),
    });
  }

  return (
    <form onSubmit={submit}>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('organisation.name')}
          description={t('organisation.nameHelp')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          required
          maxLength={200}
          w={420}
          maw="100%"
        />
        <TextInput
          label={t('organisation.slug')}
          description={t('organisation.slugHelp')}
          value={props.organisation.slug}
          readOnly
          variant="filled"
          w={260}
        />
      </Group>
      {rename.error && <LoadError error={rename.error} />}
      <Button type="submit" mt="md" loading={rename.isPending} disabled={name.trim() === ''}>
        {t('organisation.save')}
      </Button>
    </form>
  );
}
