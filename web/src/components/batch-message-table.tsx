import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BatchMessage } from '../api/types.ts';
import { useRemoveMessage } from '../api/use-batches.ts';
import { useFormat } from '../format/use-format.ts';
import { AmountCell } from './amount-cell.tsx';
import { useCodeLabel } from './code-label.ts';
import { DeliveryBadge } from './delivery-badge.tsx';
import { LoadError } from './load-error.tsx';
import { StatusBadge } from './status-badge.tsx';

/**
 * Lists the messages of a batch, with a remove button on those still
 * pending, and a hold button on them when `onHold` is given.
 */
export function BatchMessageTable(props: {
  messages: BatchMessage[];
  onPreview(messageId: string): void;
  /** Holds the message's debtor from dunning; the table shows the button only with it. */
  onHold?(message: BatchMessage): void;
}) {
  const { t } = useTranslation();
  const { t: th } = useTranslation('dunningHold');
  const format = useFormat();
  const label = useCodeLabel();
  const remove = useRemoveMessage();

  if (props.messages.length === 0) {
    return <Text c="dimmed">{t('batch.noMessages')}</Text>;
  }
  return (
    <>
      {remove.error && <LoadError error={remove.error} />}
      <Table.ScrollContainer minWidth={980}>
        <Table striped tabularNums verticalSpacing="xs" data-testid="message-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('batch.debtor')}</Table.Th>
              <Table.Th>{t('batch.recipient')}</Table.Th>
              <Table.Th>{t('batch.step')}</Table.Th>
              <Table.Th ta="right">{t('batch.invoices')}</Table.Th>
              <Table.Th ta="right">{t('batch.total')}</Table.Th>
              <Table.Th>{t('batch.status')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.messages.map((message) => (
              <Table.Tr key={message.id} data-message-id={message.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/debtors/${message.debtor.id}`} size="sm">
                    {message.debtor.name}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {message.debtor.number} · {message.language.toUpperCase()}
                  </Text>
                </Table.Td>
                <Table.Td miw={180}>
                  {/* Addresses wrap at spaces only, never inside a word. */}
                  <Text size="sm" style={{ wordBreak: 'normal', overflowWrap: 'normal' }}>
                    {message.recipient ?? '–'}
                  </Text>
                </Table.Td>
                <Table.Td>{label('stepName', message.stepName)}</Table.Td>
                <Table.Td ta="right">{format.number(message.invoiceCount)}</Table.Td>
                <AmountCell amount={message.total} currency={message.currency} strong />
                <Table.Td>
                  <Group gap={4} wrap="nowrap" align="flex-start">
                    <StatusBadge status={message.status} />
                    <DeliveryBadge delivery={message.delivery} />
                  </Group>
                  {message.error && (
                    <Text size="xs" c="red.7">
                      {message.error}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap" justify="flex-end">
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() => props.onPreview(message.id)}
                    >
                      {t('batch.preview')}
                    </Button>
                    {message.status === 'pending' && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        loading={remove.isPending && remove.variables === message.id}
                        onClick={() => remove.mutate(message.id)}
                      >
                        {t('batch.remove')}
                      </Button>
                    )}
                    {message.status === 'pending' && props.onHold && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="orange"
                        onClick={() => props.onHold?.(message)}
                        data-testid="hold-debtor"
                      >
                        {th('holdAction')}
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
