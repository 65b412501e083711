import { Badge, Button, Checkbox, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAddIssueNote, type IssueNote } from '../api/use-issues.ts';
import { useDateTime } from '../admin/use-date-time.ts';
import { LoadError } from '../components/load-error.tsx';

/**
 * The notes of an issue, newest first, and a form to add one. A note shared
 * with the debtor is shown to them in the customer portal.
 */
export function IssueNotes(props: { issueId: string; notes: IssueNote[]; canAdd: boolean }) {
  const { t } = useTranslation('issues');
  const dateTime = useDateTime();
  const addNote = useAddIssueNote(props.issueId);
  const [body, setBody] = useState('');
  const [shared, setShared] = useState(false);
  const newestFirst = [...props.notes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  function add() {
    if (body.trim() === '') {
      return;
    }
    addNote.mutate(
      { body: body.trim(), sharedWithDebtor: shared },
      {
        onSuccess: () => {
          setBody('');
          setShared(false);
        },
      },
    );
  }

  return (
    <Stack gap="sm" data-testid="issue-notes">
      {props.canAdd && (
        <Stack gap="xs">
          <Textarea
            label={t('notes.new')}
            placeholder={t('notes.placeholder')}
            value={body}
            onChange={(event) => setBody(event.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={4000}
          />
          <Group justify="space-between">
            <Checkbox
              label={t('notes.share')}
              checked={shared}
              onChange={(event) => setShared(event.currentTarget.checked)}
            />
            <Button
              size="sm"
              onClick={add}
              loading={addNote.isPending}
              disabled={body.trim() === ''}
              data-testid="add-note"
            >
              {t('notes.add')}
            </Button>
          </Group>
          {addNote.error && <LoadError error={addNote.error} />}
        </Stack>
      )}
      {newestFirst.length === 0 && <Text c="dimmed">{t('notes.none')}</Text>}
      {newestFirst.map((note) => (
        <Paper key={note.id} withBorder p="sm" radius="sm">
          <Group justify="space-between" gap="xs" mb={4}>
            <Text size="xs" c="dimmed">
              {t('notes.byLine', {
                name: note.createdBy.name ?? note.createdBy.actor,
                time: dateTime(note.createdAt),
              })}
            </Text>
            {note.sharedWithDebtor && (
              <Badge size="xs" variant="light" color="teal">
                {t('notes.shared')}
              </Badge>
            )}
          </Group>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {note.body}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
