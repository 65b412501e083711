import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../../api/use-import-upload.ts';
import { RejectedTable } from './rejected-table.tsx';

/** Shows what the import changed, and lists the rejected rows when there are any. */
export function ImportResultPanel(props: { result: ImportResult }) {
  const { t } = useTranslation('wizard');
  const { debtors, invoices, payments, rejected, segments } = props.result;

  return (
    <>
      <Alert
        color={rejected.length > 0 ? 'yellow' : 'teal'}
        title={t('import.doneTitle')}
        data-testid="import-summary"
      >
        <List size="sm" spacing={2}>
          <List.Item>
            {t('import.summaryDebtors', {
              new: debtors.new,
              changed: debtors.changed,
              unchanged: debtors.unchanged,
            })}
          </List.Item>
          <List.Item>
            {t('import.summaryInvoices', {
              new: invoices.new,
              changed: invoices.changed,
              unchanged: invoices.unchanged,
              closed: invoices.closed,
            })}
          </List.Item>
          <List.Item>{t('import.summaryPayments', { count: payments.new })}</List.Item>
          <List.Item>{t('import.summarySegments', { count: segments.changed })}</List.Item>
        </List>
      </Alert>
      {rejected.length > 0 && <RejectedTable rejected={rejected} />}
    </>
  );
}
