import { Anchor, Center, Loader, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMessagePreview } from '../api/use-batches.ts';
import { LoadError } from './load-error.tsx';

/**
 * The message as the debtor will see it. The e-mail's HTML runs in an iframe
 * with an empty sandbox, so no script in it runs and it cannot reach this page.
 */
export function MessagePreviewModal(props: { messageId: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const preview = useMessagePreview(props.messageId);
  const pdfUrl =
    preview.data?.pdfUrl ??
    (preview.data?.channel === 'letter' && props.messageId
      ? `/api/messages/${encodeURIComponent(props.messageId)}/pdf`
      : undefined);

  return (
    <Modal
      opened={props.messageId !== undefined}
      onClose={props.onClose}
      title={t('preview.title')}
      size="xl"
    >
      {preview.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {preview.isError && <LoadError error={preview.error} />}
      {preview.data && (
        <Stack gap="xs">
          <Text size="sm">
            <b>{t('preview.recipient')}</b> {preview.data.recipient ?? '–'}
          </Text>
          {preview.data.subject && (
            <Text size="sm" data-testid="preview-subject">
              <b>{t('preview.subject')}</b> {preview.data.subject}
            </Text>
          )}
          <iframe
            title={t('preview.frameTitle')}
            sandbox=""
            srcDoc={preview.data.html}
            data-testid="preview-frame"
            style={{ width: '100%', height: 420, border: '1px solid var(--mantine-color-gray-3)' }}
          />
          {pdfUrl && (
            <>
              {preview.data.channel === 'letter' && (
                <iframe
                  title={t('preview.pdfTitle')}
                  src={pdfUrl}
                  style={{ width: '100%', height: 520, border: 0 }}
                />
              )}
              <Anchor href={pdfUrl} target="_blank" rel="noopener" size="sm">
                {t('preview.openPdf')}
              </Anchor>
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}
