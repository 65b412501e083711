import { ActionIcon, Anchor, Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import {
  attachmentUrl,
  maxAttachmentBytes,
  useDeleteIssueAttachment,
  useUploadIssueAttachment,
  type IssueAttachment,
} from '../api/use-issues.ts';
import { ConfirmDialog } from '../admin/confirm-dialog.tsx';
import { useDateTime } from '../admin/use-date-time.ts';
import { useErrorMessage } from '../components/use-error-message.ts';
import { useFormat } from '../format/use-format.ts';

/**
 * Lists the files of an issue with download links, and uploads dropped or
 * chosen files. Files over the server's 10 MiB limit are rejected before the
 * upload. The server checks the type and the content, and its message names
 * the file and the allowed types, so the screen shows that message.
 */
export function IssueAttachments(props: {
  issueId: string;
  attachments: IssueAttachment[];
  canChange: boolean;
}) {
  const { t } = useTranslation('issues');
  const format = useFormat();
  const dateTime = useDateTime();
  const errorMessage = useErrorMessage();
  const upload = useUploadIssueAttachment(props.issueId);
  const remove = useDeleteIssueAttachment(props.issueId);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [deleting, setDeleting] = useState<IssueAttachment | null>(null);

  const sizeText = (bytes: number) =>
    bytes >= 1024 * 1024
      ? t('attachments.megabytes', { size: format.number(Math.round(bytes / 104_857.6) / 10) })
      : t('attachments.kilobytes', { size: format.number(Math.max(1, Math.round(bytes / 1024))) });

  async function send(files: File[]) {
    const found: string[] = [];
    for (const file of files) {
      if (file.size > maxAttachmentBytes) {
        found.push(t('attachments.tooLarge', { fileName: file.name }));
        continue;
      }
      if (file.size === 0) {
        found.push(t('attachments.empty', { fileName: file.name }));
        continue;
      }
      try {
        await upload.mutateAsync(file);
      } catch (error) {
        found.push(describeUploadError(error as Error));
      }
    }
    setProblems(found);
  }

  // The server's message for a rejected file (type, content, size) is written for people.
  // NOTE: the server writes it in English, also when the screen is in Dutch.
  function describeUploadError(error: Error): string {
    if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message) {
      if (error.status === 401 || error.status === 403 || error.status === 404) {
        return errorMessage.describe(error);
      }
      // The server names the field first ("file: invoice.exe has the type ..."), which users need not see.
      return error.message.replace(/^file: /, '');
    }
    return errorMessage.describe(error);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void send([...event.dataTransfer.files]);
  }

  return (
    <Stack gap="sm" data-testid="issue-attachments">
      {props.canChange && (
        <div
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="attachment-drop"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-5' : 'gray-4'})`,
            borderRadius: 'var(--mantine-radius-md)',
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
            padding: 'var(--mantine-spacing-md)',
            textAlign: 'center',
          }}
        >
          <Text size="sm">{t('attachments.drop')}</Text>
          <Text size="xs" c="dimmed" mb="xs">
            {t('attachments.limits')}
          </Text>
          <Button
            size="xs"
            variant="default"
            onClick={() => input.current?.click()}
            loading={upload.isPending}
          >
            {t('attachments.choose')}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            data-testid="attachment-input"
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              event.currentTarget.value = '';
              void send(files);
            }}
          />
        </div>
      )}
      {problems.length > 0 && (
        <Alert
          color="red"
          title={t('attachments.failed')}
          role="alert"
          withCloseButton
          onClose={() => setProblems([])}
        >
          {problems.map((problem) => (
            <Text key={problem} size="sm">
              {problem}
            </Text>
          ))}
        </Alert>
      )}
      {props.attachments.length === 0 ? (
        <Text c="dimmed">{t('attachments.none')}</Text>
      ) : (
        <Table verticalSpacing={4}>
          <Table.Tbody>
            {props.attachments.map((attachment) => (
              <Table.Tr key={attachment.id}>
                <Table.Td>
                  <Anchor
                    href={attachmentUrl(props.issueId, attachment.id)}
                    download={attachment.fileName}
                    size="sm"
                  >
                    {attachment.fileName}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {t('attachments.byLine', {
                      size: sizeText(attachment.sizeBytes),
                      name: attachment.createdBy.name ?? attachment.createdBy.actor,
                      time: dateTime(attachment.createdAt),
                    })}
                  </Text>
                </Table.Td>
                {props.canChange && (
                  <Table.Td w={40}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('attachments.delete', { fileName: attachment.fileName })}
                      title={t('attachments.delete', { fileName: attachment.fileName })}
                      onClick={() => {
                        remove.reset();
                        setDeleting(attachment);
                      }}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('attachments.deleteTitle')}
        confirmLabel={t('attachments.deleteConfirm')}
        danger
        pending={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })
        }
        onClose={() => setDeleting(null)}
      >
        {t('attachments.deleteQuestion', { fileName: deleting?.fileName ?? '' })}
      </ConfirmDialog>
    </Stack>
  );
}
