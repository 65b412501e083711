import { Anchor, Center, Loader, Modal, Stack, Tabs, Text } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useMessagePreview } from '../api/use-batches.ts';
import { LoadError } from './load-error.tsx';
import { MessageExplanation } from './message-explanation.tsx';

/**
 * The message as the debtor will see it, and why the run made it. The
 * e-mail's HTML runs in an iframe with an empty sandbox, so no script in it
 * runs and it cannot reach this page.
 */
export function MessagePreviewModal(props: { messageId: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const preview = useMessagePreview(props.messageId);
  const isLetter = preview.data?.channel === 'letter';
  const pdfUrl =
    preview.data?.pdfUrl ??
    (isLetter && props.messageId
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
      <MessageExplanation messageId={props.messageId} />
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
          {isLetter && pdfUrl ? (
            <Tabs defaultValue="pdf">
              <Tabs.List>
                <Tabs.Tab value="pdf">{t('preview.pdfTab')}</Tabs.Tab>
                <Tabs.Tab value="html">{t('preview.htmlTab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="pdf" pt="xs">
                <iframe title={t('preview.pdfTitle')} src={pdfUrl} style={frameStyle} />
              </Tabs.Panel>
              <Tabs.Panel value="html" pt="xs">
                <HtmlFrame html={preview.data.html} />
              </Tabs.Panel>
            </Tabs>
          ) : (
            <HtmlFrame html={preview.data.html} />
          )}
          {pdfUrl && (
            <Anchor href={pdfUrl} target="_blank" rel="noopener" size="sm">
              {t(isLetter ? 'preview.openPdf' : 'preview.openLetterCopy')}
            </Anchor>
          )}
        </Stack>
      )}
    </Modal>
  );
}

const frameStyle: CSSProperties = {
  width: '100%',
  height: 480,
  border: '1px solid var(--mantine-color-gray-3)',
};

function HtmlFrame(props: { html: string }) {
  const { t } = useTranslation();

  return (
    <iframe
      title={t('preview.frameTitle')}
      sandbox=""
      srcDoc={props.html}
      data-testid="preview-frame"
      style={frameStyle}
    />
  );
}
