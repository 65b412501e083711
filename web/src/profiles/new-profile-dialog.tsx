import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/load-error.tsx';
import { useAddProfile, type EditableProfile } from './use-profile-editor.ts';

/** Asks for the new profile's name and whether it starts empty or as a copy of another. */
export function NewProfileDialog(props: {
  opened: boolean;
  profiles: EditableProfile[];
  onClose(): void;
  onCreated(profile: EditableProfile): void;
}) {
  const { t } = useTranslation('profiles');
  const add = useAddProfile();
  const [name, setName] = useState('');
  const [copyOf, setCopyOf] = useState<string | null>(null);

  function close() {
    setName('');
    setCopyOf(null);
    add.reset();
    props.onClose();
  }

  function submit() {
    add.mutate(
      { name: name.trim(), ...(copyOf ? { copyOf } : {}) },
      {
        onSuccess: (created) => {
          close();
          props.onCreated(created);
        },
      },
    );
  }

  return (
    <Modal opened={props.opened} onClose={close} title={t('create.title')} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <TextInput
            label={t('create.name')}
            value={name}
            maxLength={100}
            required
            data-autofocus
            onChange={(event) => setName(event.currentTarget.value)}
          />
          <Select
            label={t('create.startFrom')}
            placeholder={t('create.empty')}
            data={props.profiles.map((profile) => ({
              value: profile.id,
              label: t('create.copyOf', { name: profile.name }),
            }))}
            value={copyOf}
            clearable
            onChange={setCopyOf}
          />
          {add.error && <LoadError error={add.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('create.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={name.trim() === ''}>
              {t('create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
