import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssueCategory } from '../api/use-business-processes.ts';
import { LoadError } from '../components/load-error.tsx';
import { NamesFields, namesForSave } from './names-fields.tsx';
import type { PeopleChoices } from './people-choices.ts';
import {
  useChangeCategory,
  useCreateCategory,
  type IssueCategoryInput,
} from './use-process-settings.ts';

type EscalationKind = 'none' | 'user' | 'email';

interface CategoryForm {
  name: string;
  names: Record<string, string>;
  pausesDunning: boolean;
  daysToResolve: number | string;
  dayKind: 'calendar' | 'working';
  departmentId: string | null;
  assigneeUserId: string | null;
  escalationKind: EscalationKind;
  escalationUserId: string | null;
  escalationEmail: string;
  portalSelectable: boolean;
  resumeAfterDays: number | string;
}

/** The form of a new category: the server's defaults (7 resume days, calendar days). */
const emptyForm: CategoryForm = {
  name: '',
  names: {},
  pausesDunning: true,
  daysToResolve: 14,
  dayKind: 'calendar',
  departmentId: null,
  assigneeUserId: null,
  escalationKind: 'none',
  escalationUserId: null,
  escalationEmail: '',
  portalSelectable: false,
  resumeAfterDays: 7,
};

function formOf(category: IssueCategory): CategoryForm {
  return {
    name: category.name,
    names: category.names,
    pausesDunning: category.pausesDunning,
    daysToResolve: category.daysToResolve,
    dayKind: category.dayKind,
    departmentId: category.departmentId,
    assigneeUserId: category.assigneeUserId,
    escalationKind: category.escalationUserId
      ? 'user'
      : category.escalationEmail
        ? 'email'
        : 'none',
    escalationUserId: category.escalationUserId,
    escalationEmail: category.escalationEmail ?? '',
    portalSelectable: category.portalSelectable,
    resumeAfterDays: category.resumeAfterDays,
  };
}

/**
 * Adds a category to a process, or edits one: every field of a category
 * except archiving, which the category table does. The escalation contact
 * is a user or else an e-mail address, never both.
 */
export function CategoryDialog(props: {
  processId: string;
  /** The category to edit; null adds a new one. */
  category: IssueCategory | null;
  /** The languages of the organisation's entities, for the names per language. */
  languages: string[];
  people: PeopleChoices;
  onClose(): void;
}) {
  const { t } = useTranslation('processes');
  const create = useCreateCategory();
  const change = useChangeCategory();
  const [form, setForm] = useState<CategoryForm>(() =>
    props.category ? formOf(props.category) : emptyForm,
  );
  const mutation = props.category ? change : create;
  const set = <K extends keyof CategoryForm>(key: K, value: CategoryForm[K]) =>
    setForm((current) => ({ ...current, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const input: Omit<IssueCategoryInput, 'archived'> = {
      name: form.name.trim(),
      names: namesForSave(form.names),
      pausesDunning: form.pausesDunning,
      daysToResolve: Number(form.daysToResolve),
      dayKind: form.dayKind,
      departmentId: form.departmentId,
      assigneeUserId: form.assigneeUserId,
      escalationUserId: form.escalationKind === 'user' ? form.escalationUserId : null,
      escalationEmail: form.escalationKind === 'email' ? form.escalationEmail.trim() || null : null,
      portalSelectable: form.portalSelectable,
      resumeAfterDays: Number(form.resumeAfterDays),
    };
    if (props.category) {
      change.mutate({ id: props.category.id, change: input }, { onSuccess: props.onClose });
    } else {
      create.mutate(
        { processId: props.processId, input: { ...input, archived: false } },
        { onSuccess: props.onClose },
      );
    }
  }

  const choices = (list: Array<{ id: string; name: string }>) =>
    list.map((choice) => ({ value: choice.id, label: choice.name }));

  return (
    <Modal
      opened
      onClose={props.onClose}
      title={props.category ? t('category.editTitle') : t('category.addTitle')}
      size="lg"
    >
      <form onSubmit={submit} data-testid="category-form">
        <Stack gap="sm">
          <NamesFields
            name={form.name}
            names={form.names}
            languages={props.languages}
            onChange={(name, names) => setForm((current) => ({ ...current, name, names }))}
          />
          <SimpleGrid cols={2}>
            <NumberInput
              label={t('category.daysToResolve')}
              value={form.daysToResolve}
              onChange={(value) => set('daysToResolve', value)}
              min={1}
              max={365}
              allowDecimal={false}
              required
              data-testid="category-days"
            />
            <div>
              <Text size="sm" fw={500} mb={4}>
                {t('category.dayKind')}
              </Text>
              <SegmentedControl
                value={form.dayKind}
                onChange={(value) => set('dayKind', value === 'working' ? 'working' : 'calendar')}
                data={[
                  { value: 'calendar', label: t('dayKind.calendar') },
                  { value: 'working', label: t('dayKind.working') },
                ]}
                data-testid="category-day-kind"
              />
            </div>
          </SimpleGrid>
          <Switch
            label={t('category.pausesDunning')}
            description={t('category.pausesDunningHint')}
            checked={form.pausesDunning}
            onChange={(event) => set('pausesDunning', event.currentTarget.checked)}
          />
          <NumberInput
            label={t('category.resumeAfterDays')}
            description={t('category.resumeAfterDaysHint')}
            value={form.resumeAfterDays}
            onChange={(value) => set('resumeAfterDays', value)}
            min={0}
            max={90}
            allowDecimal={false}
            required
            disabled={!form.pausesDunning}
            data-testid="category-resume-days"
          />
          <SimpleGrid cols={2}>
            <Select
              label={t('category.department')}
              data={choices(props.people.departments)}
              value={form.departmentId}
              onChange={(value) => set('departmentId', value)}
              clearable
              placeholder={t('category.noDepartment')}
            />
            <Select
              label={t('category.assignee')}
              data={choices(props.people.assignees)}
              value={form.assigneeUserId}
              onChange={(value) => set('assigneeUserId', value)}
              clearable
              searchable
              placeholder={t('category.noAssignee')}
            />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('category.escalation')}
            </Text>
            <SegmentedControl
              value={form.escalationKind}
              onChange={(value) => set('escalationKind', value as EscalationKind)}
              data={[
                { value: 'none', label: t('escalation.none') },
                { value: 'user', label: t('escalation.user') },
                { value: 'email', label: t('escalation.email') },
              ]}
              data-testid="category-escalation-kind"
            />
          </div>
          {form.escalationKind === 'user' && (
            <Select
              label={t('category.escalationUser')}
              data={choices(props.people.escalationUsers)}
              value={form.escalationUserId}
              onChange={(value) => set('escalationUserId', value)}
              searchable
              required
            />
          )}
          {form.escalationKind === 'email' && (
            <TextInput
              label={t('category.escalationEmail')}
              type="email"
              value={form.escalationEmail}
              onChange={(event) => set('escalationEmail', event.currentTarget.value)}
              maxLength={254}
              required
              data-testid="category-escalation-email"
            />
          )}
          <Switch
            label={t('category.portalSelectable')}
            description={t('category.portalSelectableHint')}
            checked={form.portalSelectable}
            onChange={(event) => set('portalSelectable', event.currentTarget.checked)}
          />
          {mutation.error && <LoadError error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('cancel')}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="category-save">
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
