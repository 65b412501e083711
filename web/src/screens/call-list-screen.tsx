import { Anchor, Center, Loader, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useOpenCallTasks } from '../api/use-call-tasks.ts';
import { AmountCell } from '../components/amount-cell.tsx';
import { useCodeLabel } from '../components/code-label.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';

/** Lists the open call tasks of the entity in the order the server returns them. */
export function CallListScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useCodeLabel();
  const { entity } = useEntity();
  const tasks = useOpenCallTasks(entity.code);

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
        <Table.ScrollContainer minWidth={760}>
          <Table striped tabularNums verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('callList.dueDate')}</Table.Th>
                <Table.Th>{t('callList.debtor')}</Table.Th>
                <Table.Th>{t('callList.phone')}</Table.Th>
                <Table.Th>{t('callList.step')}</Table.Th>
                <Table.Th ta="right">{t('callList.total')}</Table.Th>
                <Table.Th>{t('callList.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tasks.data.map((task) => (
                <Table.Tr key={task.id}>
                  <Table.Td>{format.date(task.dueDate)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/debtors/${task.debtor.id}`} size="sm">
                      {task.debtor.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
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
                    <StatusBadge status={task.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
