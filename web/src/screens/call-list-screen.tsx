import {
  Anchor,
  Badge,
  Center,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Switch,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  callOutcomes,
  callTaskSorts,
  maxCallAttempts,
  useOpenCallTasks,
  type CallOutcome,
  type CallTaskItem,
  type CallTaskSort,
} from '../api/use-call-tasks.ts';
import { usePermission } from '../api/use-session.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { CallIssueDialog, CallOutcomeButtons } from '../components/call-outcome-buttons.tsx';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { todayIn } from '../format/today.ts';
import { useFormat } from '../format/use-format.ts';

/**
 * Lists the open call tasks of the entity in the chosen order (by default
 * priority: the amount weighted by risk), without the calls planned for a
 * later day unless asked. A user with calls.manage records each outcome
 * from the row.
 */
export function CallListScreen() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('callList');
  const { entity } = useEntity();
  const [sort, setSort] = useState<CallTaskSort>('priority');
  const [showLater, setShowLater] = useState(false);
  const tasks = useOpenCallTasks(entity.code, { sort, showLater });
  const canRecord = usePermission('calls.manage');
  const [issueTask, setIssueTask] = useState<CallTaskItem | null>(null);
  const today = todayIn(entity.timeZone);

  return (
    <Stack gap="md">
      <PageTitle title={t('callList.title')} subtitle={tc('subtitle')} />
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {tc('sort.label')}
          </Text>
          <SegmentedControl
            value={sort}
            onChange={(value) => setSort(value as CallTaskSort)}
            data={callTaskSorts.map((value) => ({ value, label: tc(`sort.${value}`) }))}
            data-testid="call-sort"
          />
        </Stack>
        <Switch
          checked={showLater}
          onChange={(event) => setShowLater(event.currentTarget.checked)}
          label={tc('showLater')}
          data-testid="show-later"
        />
      </Group>
      <Text size="sm" c="dimmed" data-testid="sort-hint">
        {tc(`sort.${sort}Hint`)}
      </Text>
      {tasks.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {tasks.isError && <LoadError error={tasks.error} />}
      {tasks.data?.length === 0 && <Text c="dimmed">{showLater ? tc('none') : tc('noneNow')}</Text>}
      {tasks.data && tasks.data.length > 0 && (
        <CallTable tasks={tasks.data} today={today} canRecord={canRecord} onIssue={setIssueTask} />
      )}
      {issueTask && <CallIssueDialog task={issueTask} onClose={() => setIssueTask(null)} />}
    </Stack>
  );
}

function CallTable(props: {
  tasks: CallTaskItem[];
  today: string;
  canRecord: boolean;
  onIssue(task: CallTaskItem): void;
}) {
  const { t } = useTranslation('callList');
  const format = useFormat();

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped tabularNums verticalSpacing="xs" data-testid="call-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.debtor')}</Table.Th>
            <Table.Th>{t('columns.phone')}</Table.Th>
            <Table.Th ta="right">{t('columns.amount')}</Table.Th>
            <Table.Th ta="right">{t('columns.risk')}</Table.Th>
            <Table.Th>{t('columns.dueDate')}</Table.Th>
            <Table.Th>{t('columns.attempts')}</Table.Th>
            {props.canRecord && <Table.Th ta="right">{t('columns.outcome')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.tasks.map((task) => (
            <Table.Tr key={task.id} data-task-id={task.id} data-debtor={task.debtor.number}>
              <Table.Td>
                <Anchor component={Link} to={`/debtors/${task.debtor.id}`} size="sm">
                  {task.debtor.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {task.debtor.number}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {task.debtor.phone ? (
                  <Anchor href={`tel:${task.debtor.phone.replace(/\s/g, '')}`} size="sm">
                    {task.debtor.phone}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('noPhone')}
                  </Text>
                )}
              </Table.Td>
              <AmountCell amount={task.total} currency={task.currency} strong />
              <Table.Td ta="right">
                {task.debtor.riskScore === null
                  ? t('noRisk')
                  : format.number(task.debtor.riskScore)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(task.dueDate)}</Table.Td>
              <Table.Td>
                <AttemptSummary task={task} />
              </Table.Td>
              {props.canRecord && (
                <Table.Td w={300}>
                  <CallOutcomeButtons task={task} today={props.today} onIssue={props.onIssue} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Shows the attempts so far, the last outcome with its note, and the retry date of an unanswered call. */
function AttemptSummary(props: { task: CallTaskItem }) {
  const { t } = useTranslation('callList');
  const { t: th } = useTranslation('home');
  const format = useFormat();
  const { task } = props;

  return (
    <Stack gap={2} miw="max-content">
      <Group gap="xs" wrap="nowrap">
        <Text size="sm">{t('attempts', { attempts: task.attempts, max: maxCallAttempts })}</Text>
        {task.outcome && (
          <Badge color="orange" variant="light" data-outcome={task.outcome}>
            {isCallOutcome(task.outcome) ? th(`outcome.${task.outcome}`) : task.outcome}
          </Badge>
        )}
      </Group>
      {task.retryOn && (
        <Text size="xs" c="dimmed">
          {t('retryOn', { date: format.date(task.retryOn) })}
        </Text>
      )}
      {task.note && (
        <Text size="xs" c="dimmed" maw={220}>
          {task.note}
        </Text>
      )}
    </Stack>
  );
}

function isCallOutcome(value: string): value is CallOutcome {
  return (callOutcomes as readonly string[]).includes(value);
}
