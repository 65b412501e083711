import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/load-error.tsx';
import { useDecideArrangement, type ArrangementDecision } from './use-arrangements.ts';

/** The maximum note length the server accepts. */
const MAX_NOTE_LENGTH = 2000;

/**
 * Approves, rejects or cancels an arrangement with an optional note, which
 * the server keeps with the decision. Cancelling lets dunning of the
 * arrangement's invoices resume.
 */
export function ArrangementDecisionDialog(props: {
  debtorId: string;
  arrangementId: string;
  decision: ArrangementDecision;
  onClose: () => void;
}) {
  const { t } = useTranslation('arrangements');
  const decide = useDecideArrangement(props.debtorId);
  const [note, setNote] = useState('');

  function confirm() {
    decide.mutate(
      { id: props.arrangementId, decision: props.decision, note: note.trim() || null },
      { onSuccess: props.onClose },
    );
  }

  return (
    <Modal opened onClose={props.onClose} title={t(`decision.${props.decision}.title`)} centered>
      <Stack gap="sm">
        <Text size="sm">{t(`decision.${props.decision}.intro`)}</Text>
        <Textarea
          label={t('decision.note')}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={MAX_NOTE_LENGTH}
          autosize
          minRows={2}
          data-testid="arrangement-decision-note"
        />
        {decide.error && <LoadError error={decide.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('decision.back')}
          </Button>
          <Button
            color={props.decision === 'approve' ? 'teal' : 'red'}
            onClick={confirm}
            loading={decide.isPending}
            data-testid="arrangement-decision-confirm"
          >
            {t(`decision.${props.decision}.confirm`)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
