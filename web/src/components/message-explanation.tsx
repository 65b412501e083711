import { Alert, Anchor, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useMessageExplanation,
  type MessageExplanation as Explanation,
} from '../api/use-message-explanation.ts';
import { usePermission } from '../api/use-session.ts';
import { useFormat } from '../format/use-format.ts';
import { useCodeLabel } from './code-label.ts';
import { LoadError } from './load-error.tsx';

/**
 * Shows why the dunning run made a message. It lists the debtor's segment and
 * how it came there, the profile (and why the stricter one applies), and the
 * step with its scope and charges. Below come the channel fallback, the
 * listed invoices and the invoices left out because they are on hold. Parts
 * that an older message did not store are left out. The matching rule and the
 * hold reasons are shown in the server's words (English).
 */
export function MessageExplanation(props: { messageId: string | undefined }) {
  const { t } = useTranslation('explanation');
  const explanation = useMessageExplanation(props.messageId);

  if (explanation.isError) {
    return <LoadError error={explanation.error} />;
  }
  if (!explanation.data) {
    return null;
  }
  return (
    <Paper withBorder p="xs" mb="xs" data-testid="message-explanation">
      <Text fw={600} size="sm" mb={4}>
        {t('title')}
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="xs">
        <Table.Tbody>
          {explanation.data.segment && <SegmentRow segment={explanation.data.segment} />}
          <ProfileRow explanation={explanation.data} />
          <StepRow explanation={explanation.data} />
        </Table.Tbody>
      </Table>
      <FallbackNote explanation={explanation.data} />
      <InvoiceList explanation={explanation.data} />
      <OnHoldList explanation={explanation.data} />
    </Paper>
  );
}

/**
 * Shows or hides the explanation of one message behind a link, for lists
 * such as the debtor timeline. Renders nothing for users without
 * dunning.read, because the explanation route would reject them.
 */
export function MessageExplanationToggle(props: { messageId: string }) {
  const { t } = useTranslation('explanation');
  const canRead = usePermission('dunning.read');
  const [opened, setOpened] = useState(false);

  if (!canRead) {
    return null;
  }
  return (
    <>
      <Anchor component="button" type="button" size="xs" onClick={() => setOpened(!opened)}>
        {t(opened ? 'hide' : 'show')}
      </Anchor>
      {opened && <MessageExplanation messageId={props.messageId} />}
    </>
  );
}

function SegmentRow(props: { segment: NonNullable<Explanation['segment']> }) {
  const { t } = useTranslation('explanation');
  const { segment } = props;

  return (
    <Table.Tr>
      <Table.Th w={90}>{t('segment')}</Table.Th>
      <Table.Td>
        <Text size="sm">
          {segment.name ?? t('noSegment')} · {t(`basis.${segment.basis}`)}
        </Text>
        {segment.reason && segment.basis === 'rule' && (
          <Text size="xs" c="dimmed">
            {segment.reason}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function ProfileRow(props: { explanation: Explanation }) {
  const { t } = useTranslation('explanation');
  const { escalation } = props.explanation;

  return (
    <Table.Tr>
      <Table.Th>{t('profile')}</Table.Th>
      <Table.Td>
        <Text size="sm">{props.explanation.profile}</Text>
        {escalation && (
          <Text size="xs" c="orange.8" data-testid="explanation-escalation">
            {t('stricter', {
              original: escalation.originalProfile,
              count: escalation.brokenPromises,
              threshold: escalation.threshold,
            })}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function StepRow(props: { explanation: Explanation }) {
  const { t } = useTranslation('explanation');
  const label = useCodeLabel();
  const { explanation } = props;
  const details = [describeOffset(t, explanation.dayOffset)];
  if (explanation.scope) {
    details.push(t(`scope.${explanation.scope}`));
  }
  if (explanation.addsCollectionCosts) {
    details.push(t('addsCollectionCosts'));
  }
  if (explanation.addsInterest) {
    details.push(t('addsInterest'));
  }

  return (
    <Table.Tr>
      <Table.Th>{t('step')}</Table.Th>
      <Table.Td>
        <Stack gap={0}>
          <Text size="sm">{label('stepName', explanation.step)}</Text>
          <Text size="xs" c="dimmed">
            {details.join(' · ')}
          </Text>
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}

/** Notes that the step's channel was not used, such as an e-mail step that went as a letter. */
function FallbackNote(props: { explanation: Explanation }) {
  const { t } = useTranslation('explanation');
  const label = useCodeLabel();
  const { channel, stepChannel } = props.explanation;

  if (!stepChannel || stepChannel === channel) {
    return null;
  }
  return (
    <Alert color="orange" p="xs" mt="xs" data-testid="explanation-fallback">
      <Text size="sm">
        {t('fallback', {
          stepChannel: label('channel', stepChannel),
          channel: label('channel', channel),
        })}
      </Text>
    </Alert>
  );
}

/** Lists the invoices and credit notes in the message, with days past due and open amounts. */
function InvoiceList(props: { explanation: Explanation }) {
  const { t } = useTranslation('explanation');
  const format = useFormat();
  const { invoices, currency } = props.explanation;

  if (invoices.length === 0) {
    return null;
  }
  return (
    <Stack gap={2} mt="xs">
      <Text fw={600} size="sm">
        {t('invoices.title', { count: invoices.length })}
      </Text>
      <Table
        withRowBorders={false}
        verticalSpacing={2}
        horizontalSpacing="xs"
        tabularNums
        data-testid="explanation-invoices"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('invoices.number')}</Table.Th>
            <Table.Th>{t('invoices.dueDate')}</Table.Th>
            <Table.Th ta="right">{t('invoices.daysPastDue')}</Table.Th>
            <Table.Th ta="right">{t('invoices.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr key={invoice.id}>
              <Table.Td>
                {invoice.number}
                {invoice.kind === 'credit_note' && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({t('invoices.creditNote')})
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{format.date(invoice.dueDate)}</Table.Td>
              <Table.Td ta="right">{format.number(invoice.daysPastDue)}</Table.Td>
              <Table.Td ta="right">{format.money(invoice.open, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** Lists the overdue invoices that the step left out because they are on hold, with the reason. */
function OnHoldList(props: { explanation: Explanation }) {
  const { t } = useTranslation('explanation');
  const format = useFormat();
  const { onHold = [], currency } = props.explanation;

  if (onHold.length === 0) {
    return null;
  }
  return (
    <Stack gap={2} mt="xs" data-testid="explanation-on-hold">
      <Text fw={600} size="sm">
        {t('onHold.title', { count: onHold.length })}
      </Text>
      {onHold.map((invoice) => (
        <Text size="sm" key={invoice.number}>
          {t('onHold.line', {
            number: invoice.number,
            open: format.money(invoice.open, currency),
            reason: invoice.holdReason,
          })}
        </Text>
      ))}
    </Stack>
  );
}

function describeOffset(
  t: ReturnType<typeof useTranslation<'explanation'>>['t'],
  dayOffset: number,
): string {
  if (dayOffset === 0) {
    return t('onDueDate');
  }
  return dayOffset > 0
    ? t('dayOffsetAfter', { count: dayOffset })
    : t('dayOffsetBefore', { count: -dayOffset });
}
