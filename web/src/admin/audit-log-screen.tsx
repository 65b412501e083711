import { ActionIcon, Button, Code, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../api/types.ts';
import { useAuditEvents, type AuditFilters } from '../api/use-audit-events.ts';
import { usePermission } from '../api/use-session.ts';
import { useUsers } from '../api/use-users.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { AuditFilterForm, noAuditFilters } from './audit-filter-form.tsx';
import { CenteredLoader } from './centered-loader.tsx';
import { useDateTime } from './use-date-time.ts';

/** Searches the audit log, newest first; each event opens to its before and after values. */
export function AuditLogScreen() {
  const { t } = useTranslation('admin');
  const canListUsers = usePermission('users.read');
  const users = useUsers({ enabled: canListUsers });
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);
  const events = useAuditEvents(filters);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <PageTitle title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <AuditFilterForm users={canListUsers ? users.data : undefined} onSearch={setFilters} />
      {events.isError && <LoadError error={events.error} />}
      {events.isPending && <CenteredLoader />}
      {events.isSuccess && items.length === 0 && <Text c="dimmed">{t('audit.none')}</Text>}
      {items.length > 0 && <AuditEventTable events={items} />}
      {events.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void events.fetchNextPage()}
          loading={events.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {t('audit.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function AuditEventTable(props: { events: AuditEvent[] }) {
  const { t } = useTranslation('admin');
  const dateTime = useDateTime();
  const [openIds, setOpenIds] = useState<ReadonlySet<string>>(new Set());

  function toggle(id: string) {
    setOpenIds((current) => {
      const next = new Set(current);
      if (!next.delete(id)) {
        next.add(id);
      }
      return next;
    });
  }

  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="xs" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={44} aria-label={t('audit.details')} />
            <Table.Th w={180}>{t('audit.time')}</Table.Th>
            <Table.Th>{t('audit.actor')}</Table.Th>
            <Table.Th>{t('audit.action')}</Table.Th>
            <Table.Th>{t('audit.subject')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.events.map((event) => {
            const isOpen = openIds.has(event.id);
            return (
              <Fragment key={event.id}>
                <Table.Tr data-action={event.action}>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(event.id)}
                      aria-expanded={isOpen}
                      aria-label={isOpen ? t('audit.hideDetails') : t('audit.showDetails')}
                    >
                      {isOpen ? '▾' : '▸'}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>{dateTime(event.occurredAt)}</Table.Td>
                  <Table.Td>{event.actorName ?? event.actor}</Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ wordBreak: 'break-all' }}>
                      {event.subjectId === null
                        ? event.subjectType
                        : `${event.subjectType} · ${event.subjectId}`}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {isOpen && (
                  <Table.Tr>
                    <Table.Td colSpan={5} bg="gray.0">
                      <AuditEventDetails event={event} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AuditEventDetails(props: { event: AuditEvent }) {
  const { t } = useTranslation('admin');

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="audit-details">
      <JsonValue label={t('audit.before')} value={props.event.before} />
      <JsonValue label={t('audit.after')} value={props.event.after} />
    </SimpleGrid>
  );
}

function JsonValue(props: { label: string; value: unknown }) {
  const { t } = useTranslation('admin');
  const isEmpty = props.value === null || props.value === undefined;

  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {props.label}
      </Text>
      {isEmpty ? (
        <Text size="sm" c="dimmed">
          {t('audit.empty')}
        </Text>
      ) : (
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
          {JSON.stringify(props.value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}
