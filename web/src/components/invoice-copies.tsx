import { Anchor, Button, FileButton, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import type { DebtorInvoice } from '../api/types.ts';
import {
  invoiceDocumentUrl,
  useInvoiceDocuments,
  useRemoveInvoiceDocument,
  useUploadInvoiceDocument,
  type InvoiceDocument,
} from '../api/use-delivery-records.ts';
import { useAccess } from '../api/use-session.ts';
import { InvoiceTable } from './invoice-table.tsx';
import { LoadError } from './load-error.tsx';

/**
 * The debtor's invoice table with a column for the stored invoice copies:
 * a download link where a copy exists and, for users who may change
 * debtors, buttons to upload, replace or remove it. E-mails of steps that
 * attach invoice copies carry these files.
 */
export function DebtorInvoices(props: { debtorId: string; invoices: DebtorInvoice[] }) {
  const { t } = useTranslation('delivery');
  const documents = useInvoiceDocuments(props.debtorId);
  const upload = useUploadInvoiceDocument(props.debtorId);
  const remove = useRemoveInvoiceDocument(props.debtorId);
  const canManage = useAccess().can('debtors.manage');
  const byInvoice = new Map((documents.data ?? []).map((entry) => [entry.invoiceId, entry]));

  const renderCopy = (invoice: DebtorInvoice) => (
    <InvoiceCopyCell
      invoice={invoice}
      document={byInvoice.get(invoice.id)}
      canManage={canManage}
      onUpload={(file) =>
        upload.mutate(
          { invoiceId: invoice.id, file },
          {
            onSuccess: () =>
              notifications.show({
                color: 'green',
                message: t('copies.uploaded', { number: invoice.number }),
              }),
          },
        )
      }
      onRemove={() =>
        remove.mutate(invoice.id, {
          onSuccess: () =>
            notifications.show({
              color: 'green',
              message: t('copies.removed', { number: invoice.number }),
            }),
        })
      }
    />
  );

  return (
    <>
      {documents.isError && <LoadError error={documents.error} />}
      {upload.error && <LoadError error={upload.error} />}
      {remove.error && <LoadError error={remove.error} />}
      <InvoiceTable
        invoices={props.invoices}
        copyColumn={{ title: t('copies.column'), render: renderCopy }}
      />
    </>
  );
}

function InvoiceCopyCell(props: {
  invoice: DebtorInvoice;
  document: InvoiceDocument | undefined;
  canManage: boolean;
  onUpload(file: File): void;
  onRemove(): void;
}) {
  const { t } = useTranslation('delivery');
  const { document } = props;

  return (
    <Group gap={6} wrap="nowrap" data-testid={`invoice-copy-${props.invoice.number}`}>
      {document ? (
        <Anchor
          href={invoiceDocumentUrl(props.invoice.id)}
          size="sm"
          title={t('copies.download', { fileName: document.fileName })}
          aria-label={t('copies.download', { fileName: document.fileName })}
        >
          <Group gap={4} wrap="nowrap" component="span">
            <PaperclipIcon />
            PDF
          </Group>
        </Anchor>
      ) : (
        !props.canManage && (
          <Text size="sm" c="dimmed">
            {t('copies.none')}
          </Text>
        )
      )}
      {props.canManage && (
        <FileButton
          accept="application/pdf"
          onChange={(file) => {
            if (file) {
              props.onUpload(file);
            }
          }}
        >
          {(buttonProps) => (
            <Button {...buttonProps} size="compact-xs" variant="subtle">
              {document ? t('copies.replace') : t('copies.upload')}
            </Button>
          )}
        </FileButton>
      )}
      {props.canManage && document && (
        <Button size="compact-xs" variant="subtle" color="red" onClick={props.onRemove}>
          {t('copies.remove')}
        </Button>
      )}
    </Group>
  );
}

/** A paperclip drawn as an inline SVG, so it shows without an icon font or emoji font. */
function PaperclipIcon() {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.6-8.6a3.5 3.5 0 0 1 5 5l-8.6 8.6a2 2 0 0 1-2.8-2.8l7.9-7.9" />
    </svg>
  );
}
