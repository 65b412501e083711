import { Button, Group, Paper, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { DateInput, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/nl';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from '../api/use-audit-events.ts';
import type { User } from '../api/types.ts';

export const noAuditFilters: AuditFilters = {
  actor: '',
  action: '',
  subjectType: '',
  subjectId: '',
  from: '',
  to: '',
  q: '',
};

/**
 * Renders the audit log's search form. The actor is a user chosen by name
 * when the viewer may list users, else an id typed by hand (a user id or
 * "apikey:<key id>").
 */
export function AuditFilterForm(props: {
  users: User[] | undefined;
  onSearch(filters: AuditFilters): void;
}) {
  const { t, i18n } = useTranslation('admin');
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);

  function change(changes: Partial<AuditFilters>) {
    setFilters((current) => ({ ...current, ...changes }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSearch({
      ...filters,
      action: filters.action.trim(),
      subjectType: filters.subjectType.trim(),
      subjectId: filters.subjectId.trim(),
      q: filters.q.trim(),
    });
  }

  function clear() {
    setFilters(noAuditFilters);
    props.onSearch(noAuditFilters);
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} data-testid="audit-filters">
        <DatesProvider settings={{ locale: i18n.resolvedLanguage ?? 'en' }}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            {props.users ? (
              <Select
                label={t('audit.actor')}
                placeholder={t('audit.anyone')}
                data={props.users.map((user) => ({ value: user.id, label: user.name }))}
                value={filters.actor || null}
                onChange={(actor) => change({ actor: actor ?? '' })}
                searchable
                clearable
              />
            ) : (
              <TextInput
                label={t('audit.actor')}
                placeholder={t('audit.actorId')}
                value={filters.actor}
                onChange={(event) => change({ actor: event.currentTarget.value.trim() })}
              />
            )}
            <TextInput
              label={t('audit.action')}
              placeholder="user.created"
              name="action"
              value={filters.action}
              onChange={(event) => change({ action: event.currentTarget.value })}
            />
            <TextInput
              label={t('audit.subjectType')}
              placeholder="user"
              name="subject-type"
              value={filters.subjectType}
              onChange={(event) => change({ subjectType: event.currentTarget.value })}
            />
            <TextInput
              label={t('audit.subjectId')}
              name="subject-id"
              value={filters.subjectId}
              onChange={(event) => change({ subjectId: event.currentTarget.value })}
            />
            <DateInput
              label={t('audit.from')}
              value={filters.from || null}
              onChange={(from) => change({ from: from ?? '' })}
              valueFormat="D MMM YYYY"
              clearable
            />
            <DateInput
              label={t('audit.to')}
              value={filters.to || null}
              onChange={(to) => change({ to: to ?? '' })}
              valueFormat="D MMM YYYY"
              minDate={filters.from || undefined}
              clearable
            />
            <TextInput
              label={t('audit.text')}
              placeholder={t('audit.textPlaceholder')}
              name="q"
              value={filters.q}
              onChange={(event) => change({ q: event.currentTarget.value })}
            />
            <Group align="flex-end" gap="xs">
              <Button type="submit">{t('audit.search')}</Button>
              <Button variant="default" onClick={clear}>
                {t('audit.clear')}
              </Button>
            </Group>
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="xs">
            {t('audit.utcDays')}
          </Text>
        </DatesProvider>
      </form>
    </Paper>
  );
}
