import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import {
  localizedName,
  useBusinessProcesses,
  type BusinessProcess,
  type IssueCategory,
} from '../api/use-business-processes.ts';
import { usePermission } from '../api/use-session.ts';
import { ConfirmDialog } from '../admin/confirm-dialog.tsx';
import { CenteredLoader } from '../admin/centered-loader.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useOptionalEntity } from '../entity/entity-context.tsx';
import { CategoryDialog } from './category-dialog.tsx';
import { entityLanguages } from './names-fields.tsx';
import { usePeopleChoices, type PeopleChoices } from './people-choices.ts';
import { ProcessDialog } from './process-dialog.tsx';
import { useChangeCategory, useDeleteProcess } from './use-process-settings.ts';

type ProcessDialogState = { process: BusinessProcess | null } | null;

type CategoryDialogState = { processId: string; category: IssueCategory | null } | null;

/**
 * The business processes and their issue categories. Users with
 * settings.read see them; users with settings.manage also add, rename and
 * delete processes and add, edit and archive categories. A process or
 * category that an issue uses cannot be deleted (the server returns 409), so
 * a category in use is archived instead.
 */
export function BusinessProcessesScreen() {
  const { t } = useTranslation('processes');
  const processes = useBusinessProcesses();
  const canManage = usePermission('settings.manage');
  const people = usePeopleChoices();
  const entityChoice = useOptionalEntity();
  const languages = entityLanguages(entityChoice?.entities ?? []);
  const deleteProcess = useDeleteProcess();
  const [processDialog, setProcessDialog] = useState<ProcessDialogState>(null);
  const [categoryDialog, setCategoryDialog] = useState<CategoryDialogState>(null);
  const [toDelete, setToDelete] = useState<BusinessProcess | null>(null);

  return (
    <Stack gap="md">
      <PageTitle
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          canManage && (
            <Button onClick={() => setProcessDialog({ process: null })} data-testid="add-process">
              {t('process.add')}
            </Button>
          )
        }
      />
      {processes.isError && <LoadError error={processes.error} />}
      {processes.isPending && <CenteredLoader />}
      {processes.data?.length === 0 && <Text c="dimmed">{t('none')}</Text>}
      {processes.data?.map((process) => (
        <ProcessCard
          key={process.id}
          process={process}
          canManage={canManage}
          people={people}
          onRename={() => setProcessDialog({ process })}
          onDelete={() => {
            deleteProcess.reset();
            setToDelete(process);
          }}
          onAddCategory={() => setCategoryDialog({ processId: process.id, category: null })}
          onEditCategory={(category) => setCategoryDialog({ processId: process.id, category })}
        />
      ))}
      {processDialog && (
        <ProcessDialog
          process={processDialog.process}
          languages={languages}
          onClose={() => setProcessDialog(null)}
        />
      )}
      {categoryDialog && (
        <CategoryDialog
          processId={categoryDialog.processId}
          category={categoryDialog.category}
          languages={languages}
          people={people}
          onClose={() => setCategoryDialog(null)}
        />
      )}
      {toDelete && (
        <ConfirmDialog
          opened
          title={t('process.deleteTitle')}
          confirmLabel={t('process.delete')}
          danger
          pending={deleteProcess.isPending}
          error={deleteProcess.error}
          errorText={
            deleteProcess.error instanceof ApiError && deleteProcess.error.code === 'conflict'
              ? t('process.deleteConflict', { detail: deleteProcess.error.message })
              : null
          }
          onConfirm={() =>
            deleteProcess.mutate(toDelete.id, { onSuccess: () => setToDelete(null) })
          }
          onClose={() => setToDelete(null)}
        >
          {t('process.deleteText', {
            name: toDelete.name,
            count: toDelete.categories.length,
          })}
        </ConfirmDialog>
      )}
    </Stack>
  );
}

function ProcessCard(props: {
  process: BusinessProcess;
  canManage: boolean;
  people: PeopleChoices;
  onRename(): void;
  onDelete(): void;
  onAddCategory(): void;
  onEditCategory(category: IssueCategory): void;
}) {
  const { t, i18n } = useTranslation('processes');
  const { process } = props;
  const otherNames = Object.entries(process.names)
    .map(([language, name]) => `${language.toUpperCase()}: ${name}`)
    .join(' · ');

  return (
    <Paper withBorder p="md" data-testid={`process-${process.name}`}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <div>
          <Title order={4}>{localizedName(process, i18n.resolvedLanguage)}</Title>
          {otherNames && (
            <Text size="xs" c="dimmed">
              {`${process.name} · ${otherNames}`}
            </Text>
          )}
        </div>
        {props.canManage && (
          <Group gap="xs">
            <Button size="compact-sm" variant="light" onClick={props.onAddCategory}>
              {t('category.add')}
            </Button>
            <Button size="compact-sm" variant="subtle" onClick={props.onRename}>
              {t('process.rename')}
            </Button>
            <Button size="compact-sm" variant="subtle" color="red" onClick={props.onDelete}>
              {t('process.delete')}
            </Button>
          </Group>
        )}
      </Group>
      {process.categories.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('category.none')}
        </Text>
      ) : (
        <CategoryTable
          categories={process.categories}
          canManage={props.canManage}
          people={props.people}
          onEdit={props.onEditCategory}
        />
      )}
    </Paper>
  );
}

function CategoryTable(props: {
  categories: IssueCategory[];
  canManage: boolean;
  people: PeopleChoices;
  onEdit(category: IssueCategory): void;
}) {
  const { t, i18n } = useTranslation('processes');
  const change = useChangeCategory();
  const { nameOf } = props.people;
  const unknown = t('category.unknownName');

  return (
    <Table.ScrollContainer minWidth={900}>
      {change.error && <LoadError error={change.error} />}
      <Table verticalSpacing="xs" data-testid="category-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('category.name')}</Table.Th>
            <Table.Th>{t('category.term')}</Table.Th>
            <Table.Th>{t('category.pausesDunning')}</Table.Th>
            <Table.Th>{t('category.department')}</Table.Th>
            <Table.Th>{t('category.assignee')}</Table.Th>
            <Table.Th>{t('category.escalation')}</Table.Th>
            <Table.Th>{t('category.portal')}</Table.Th>
            {props.canManage && <Table.Th aria-label={t('actions')} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.categories.map((category) => {
            const name = localizedName(category, i18n.resolvedLanguage);
            const escalation = category.escalationUserId
              ? (nameOf(category.escalationUserId) ?? unknown)
              : (category.escalationEmail ?? '–');
            return (
              <Table.Tr
                key={category.id}
                c={category.archived ? 'dimmed' : undefined}
                data-testid={`category-${category.name}`}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {name}
                  </Text>
                  {category.archived && (
                    <Badge color="gray" variant="light" size="sm">
                      {t('category.archived')}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    {Object.entries(category.names)
                      .map(([language, text]) => `${language.toUpperCase()}: ${text}`)
                      .join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {category.dayKind === 'working'
                    ? t('term.working', { count: category.daysToResolve })
                    : t('term.calendar', { count: category.daysToResolve })}
                </Table.Td>
                <Table.Td>
                  {category.pausesDunning
                    ? t('category.pausesYes', { count: category.resumeAfterDays })
                    : t('no')}
                </Table.Td>
                <Table.Td>
                  {category.departmentId ? (nameOf(category.departmentId) ?? unknown) : '–'}
                </Table.Td>
                <Table.Td>
                  {category.assigneeUserId ? (nameOf(category.assigneeUserId) ?? unknown) : '–'}
                </Table.Td>
                <Table.Td>{escalation}</Table.Td>
                <Table.Td>{category.portalSelectable ? t('yes') : t('no')}</Table.Td>
                {props.canManage && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => props.onEdit(category)}
                        aria-label={t('category.editFor', { category: name })}
                      >
                        {t('category.edit')}
                      </Button>
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="gray"
                        loading={change.isPending && change.variables.id === category.id}
                        onClick={() =>
                          change.mutate({
                            id: category.id,
                            change: { archived: !category.archived },
                          })
                        }
                      >
                        {category.archived ? t('category.restore') : t('category.archive')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
