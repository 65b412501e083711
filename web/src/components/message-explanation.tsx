import { Anchor, Paper, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useMessageExplanation,
  type MessageExplanation as Explanation,
} from '../api/use-message-explanation.ts';
import { usePermission } from '../api/use-session.ts';
import { useCodeLabel } from './code-label.ts';
import { LoadError } from './load-error.tsx';

/**
 * Shows why the dunning run made a message: the debtor's segment and how it
 * came there, the profile (and why the stricter one applies), and the step
 * with its scope and charges. Parts that an older message did not store are
 * left out. The matching rule is shown in the server's words (English).
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
