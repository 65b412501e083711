import { Badge, Button, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteSegment, useSegments } from '../../api/use-segments.ts';
import { LoadError } from '../../components/load-error.tsx';
import { useFormat } from '../../format/use-format.ts';
import { SegmentForm } from './segment-form.tsx';
import { useRuleText } from './segment-rule-options.ts';

/**
 * Lists the segments in the order they are tried. A debtor belongs to the first
 * segment whose rules all match, and the default segment takes every other debtor.
 */
export function SegmentsStep() {
  const { t } = useTranslation('wizard');
  const segments = useSegments();
  const remove = useDeleteSegment();
  const ruleText = useRuleText();
  const format = useFormat();
  const [adding, setAdding] = useState(false);

  if (segments.isPending) {
    return (
      <Center py="md">
        <Loader />
      </Center>
    );
  }
  if (segments.isError) {
    return <LoadError error={segments.error} />;
  }
  return (
    <Stack gap="md">
      <Table data-testid="segment-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('segments.priority')}</Table.Th>
            <Table.Th>{t('segments.name')}</Table.Th>
            <Table.Th>{t('segments.rules')}</Table.Th>
            <Table.Th>{t('segments.profile')}</Table.Th>
            <Table.Th ta="right">{t('segments.debtors')}</Table.Th>
            <Table.Th ta="right">{t('segments.open')}</Table.Th>
            <Table.Th ta="right">{t('segments.overdue')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {segments.data.map((segment) => (
            <Table.Tr key={segment.id}>
              <Table.Td>{segment.isDefault ? '—' : segment.priority}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  {segment.name}
                  {segment.isDefault && <Badge variant="light">{t('segments.default')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td>
                {segment.isDefault ? (
                  <Text size="sm" c="dimmed">
                    {t('segments.defaultRules')}
                  </Text>
                ) : (
                  <Text size="sm">
                    {segment.rules.map(ruleText).join(` ${t('segments.and')} `)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{segment.profile.name}</Table.Td>
              <Table.Td ta="right">{format.number(segment.debtorCount)}</Table.Td>
              <Table.Td ta="right">
                {segment.totals.map((total) => (
                  <Text size="sm" key={total.currency}>
                    {format.money(total.open, total.currency)}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td ta="right">
                {segment.totals.map((total) => (
                  <Text size="sm" key={total.currency}>
                    {format.money(total.overdue, total.currency)}
                  </Text>
                ))}
              </Table.Td>
              <Table.Td ta="right">
                {!segment.isDefault && (
                  <Button
                    variant="subtle"
                    color="red"
                    size="xs"
                    loading={remove.isPending && remove.variables === segment.id}
                    onClick={() => remove.mutate(segment.id)}
                  >
                    {t('segments.delete')}
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {remove.error && <LoadError error={remove.error} />}
      {adding ? (
        <div>
          <Title order={4} mb="sm">
            {t('segments.newTitle')}
          </Title>
          <SegmentForm
            nextPriority={nextPriority(
              segments.data
                .filter((segment) => !segment.isDefault)
                .map((segment) => segment.priority),
            )}
            onDone={() => setAdding(false)}
          />
        </div>
      ) : (
        <Group>
          <Button variant="light" onClick={() => setAdding(true)}>
            {t('segments.add')}
          </Button>
          <Text size="sm" c="dimmed">
            {t('segments.addHelp')}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** Places a new segment after the existing ones, in steps of 10 to leave room in between. */
function nextPriority(priorities: number[]): number {
  return Math.max(0, ...priorities) + 10;
}
