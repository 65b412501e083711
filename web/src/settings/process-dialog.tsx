import { Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BusinessProcess } from '../api/use-business-processes.ts';
import { LoadError } from '../components/load-error.tsx';
import { NamesFields, namesForSave } from './names-fields.tsx';
import { useCreateProcess, useUpdateProcess } from './use-process-settings.ts';

/** Adds a business process, or renames one: its plain name and its names per entity language. */
export function ProcessDialog(props: {
  /** The process to rename; null adds a new one. */
  process: BusinessProcess | null;
  languages: string[];
  onClose(): void;
}) {
  const { t } = useTranslation('processes');
  const create = useCreateProcess();
  const update = useUpdateProcess();
  const mutation = props.process ? update : create;
  const [name, setName] = useState(props.process?.name ?? '');
  const [names, setNames] = useState<Record<string, string>>(props.process?.names ?? {});

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = { name: name.trim(), names: namesForSave(names) };
    if (props.process) {
      update.mutate({ id: props.process.id, change: input }, { onSuccess: props.onClose });
    } else {
      create.mutate(input, { onSuccess: props.onClose });
    }
  }

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.process ? t('process.renameTitle') : t('process.addTitle')}
    >
      <form onSubmit={submit} data-testid="process-form">
        <Stack gap="sm">
          <NamesFields
            name={name}
            names={names}
            languages={props.languages}
            onChange={(nextName, nextNames) => {
              setName(nextName);
              setNames(nextNames);
            }}
          />
          {mutation.error && <LoadError error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="process-save">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
