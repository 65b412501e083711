import { Button, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Entity } from '../api/types.ts';
import { useEntities } from '../api/use-entities.ts';
import { LoadError } from '../components/load-error.tsx';
import { EntityForm } from '../entities/entity-form.tsx';

type Editing = { kind: 'new' } | { kind: 'edit'; entity: Entity } | null;

/** Lists the entities that issue invoices and adds or edits one with EntityForm. */
export function EntitiesStep() {
  const { t } = useTranslation('wizard');
  const entities = useEntities();
  const [editing, setEditing] = useState<Editing>(null);

  if (entities.isPending) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  if (entities.isError) {
    return <LoadError error={entities.error} />;
  }

  const isEmpty = entities.data.length === 0;
  const formOpen = editing !== null || isEmpty;
  return (
    <Stack gap="md">
      {isEmpty ? (
        <Text size="sm">{t('entities.none')}</Text>
      ) : (
        <Table data-testid="entity-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('entities.code')}</Table.Th>
              <Table.Th>{t('entities.name')}</Table.Th>
              <Table.Th>{t('entities.currency')}</Table.Th>
              <Table.Th>{t('entities.country')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entities.data.map((entity) => (
              <Table.Tr key={entity.id}>
                <Table.Td>{entity.code}</Table.Td>
                <Table.Td>{entity.name}</Table.Td>
                <Table.Td>{entity.currency}</Table.Td>
                <Table.Td>{entity.country}</Table.Td>
                <Table.Td ta="right">
                  <Button
                    variant="subtle"
                    size="xs"
                    onClick={() => setEditing({ kind: 'edit', entity })}
                  >
                    {t('entities.edit')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {formOpen ? (
        <Paper withBorder p="md" bg="gray.0">
          <Group justify="space-between" mb="sm">
            <Title order={4}>
              {editing?.kind === 'edit'
                ? t('entities.editTitle', { code: editing.entity.code })
                : t('entities.newTitle')}
            </Title>
            {!isEmpty && (
              <Button variant="subtle" size="xs" onClick={() => setEditing(null)}>
                {t('entities.cancel')}
              </Button>
            )}
          </Group>
          <EntityForm
            key={editing?.kind === 'edit' ? editing.entity.id : 'new'}
            entity={editing?.kind === 'edit' ? editing.entity : undefined}
            onSaved={() => setEditing(null)}
          />
        </Paper>
      ) : (
        <Group>
          <Button variant="light" onClick={() => setEditing({ kind: 'new' })}>
            {t('entities.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
