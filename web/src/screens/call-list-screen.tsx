import { Anchor, Badge, Box, Button, Center, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  callOutcomes,
  useOpenCallTasks,
  type CallOutcome,
  type CallTaskItem,
} from '../api/use-call-tasks.ts';
import { usePermission } from '../api/use-session.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { CallOutcomeDialog } from '../components/call-outcome-dialog.tsx';
import { useCodeLabel } from '../components/code-label.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { useFormat } from '../format/use-format.ts';

/**
 * Lists the open call tasks of the entity in the order the server returns
 * them, with the outcome of the last attempt. A user with calls.manage
 * records the outcome of a call from here.
 */
export function CallListScreen() {
  const { t } = useTranslation();
  const { t: th } = useTranslation('home');
  const format = useFormat();
  const label = useCodeLabel();
  const { entity } = useEntity();
  const tasks = useOpenCallTasks(entity.code);
  const canRecord = usePermission('calls.manage');
  const [recording, setRecording] = useState<CallTaskItem | null>(null);

  return (
    <Stack gap="md">
      <PageTitle title={t('callList.title')} subtitle={t('callList.subtitle')} />
      {tasks.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {tasks.isError && <LoadError error={tasks.error} />}
      {tasks.data?.length === 0 && <Text c="dimmed">{t('callList.none')}</Text>}
      {tasks.data && tasks.data.length > 0 && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped tabularNums verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('callList.dueDate')}</Table.Th>
                <Table.Th>{t('callList.debtor')}</Table.Th>
                <Table.Th>{t('callList.phone')}</Table.Th>
                <Table.Th>{t('callList.step')}</Table.Th>
                <Table.Th ta="right">{t('callList.total')}</Table.Th>
                <Table.Th>{t('callList.status')}</Table.Th>
                <Table.Th>{th('outcome.lastAttempt')}</Table.Th>
                {canRecord && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.data.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(task.dueDate)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/debtors/${task.debtor.id}`} size="sm">
                      {task.debtor.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {task.debtor.phone ? (
                      <Anchor href={`tel:${task.debtor.phone}`} size="sm">
                        {task.debtor.phone}
                      </Anchor>
                    ) : (
                      <Text c="dimmed">{t('callList.noPhone')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{label('stepName', task.stepName)}</Table.Td>
                  <AmountCell amount={task.total} currency={task.currency} strong />
                  <Table.Td>
                    <Box miw="max-content">
                      <StatusBadge status={task.status} />
                    </Box>
                  </Table.Td>
                  <Table.Td>
                    {task.outcome && (
                      <Box miw="max-content">
                        <Badge color="orange" variant="light" data-outcome={task.outcome}>
                          {isCallOutcome(task.outcome)
                            ? th(`outcome.${task.outcome}`)
                            : task.outcome}
                        </Badge>
                      </Box>
                    )}
                    {task.note && (
                      <Text size="xs" c="dimmed">
                        {task.note}
                      </Text>
                    )}
                  </Table.Td>
                  {canRecord && (
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <Button size="xs" variant="light" onClick={() => setRecording(task)}>
                        {th('outcome.action')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {recording && (
        <CallOutcomeDialog
          task={recording}
          today={todayIn(entity.timeZone)}
          onClose={() => setRecording(null)}
        />
      )}
    </Stack>
  );
}

function isCallOutcome(value: string): value is CallOutcome {
  return (callOutcomes as readonly string[]).includes(value);
}
