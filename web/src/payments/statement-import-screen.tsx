import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useErrorMessage, useServerMessage } from '../components/use-error-message.ts';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';
import { paymentPaths, PaymentsTabs } from './payments-tabs.tsx';
import {
  useBankStatementDetails,
  useImportStatement,
  type StatementImportResult,
} from './use-bank-statements.ts';

/** File types the statement import reads: camt.052/053/054 XML and MT940/MT942 text. */
const STATEMENT_FILE_TYPES = '.xml,.940,.942,.sta,.mt940,.txt';

/**
 * Imports a bank statement file for a chosen entity and shows what was
 * booked: statements, transactions, matched, unmatched and duplicates. A
 * file that is rejected as a whole (not a statement, an interim report, an
 * account of another entity) shows the server's message, which names the
 * file, the place and the fix.
 */
export function StatementImportScreen() {
  const { t } = useTranslation('payments');
  const { entity, entities } = useEntity();
  const [entityCode, setEntityCode] = useState(entity.code);
  const [file, setFile] = useState<File | null>(null);
  const [anyAccount, setAnyAccount] = useState(false);
  const upload = useImportStatement();
  const chosen = entities.find((candidate) => candidate.code === entityCode) ?? entity;

  function submit() {
    if (file) {
      upload.mutate({ file, entityId: chosen.id, anyAccount });
    }
  }

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('import.subtitle')} />
      <PaymentsTabs />
      <Paper withBorder p="md" maw={640}>
        <Stack>
          <Select
            label={t('import.entity')}
            data={entities.map((candidate) => ({
              value: candidate.code,
              label: `${candidate.code} – ${candidate.name}`,
            }))}
            value={entityCode}
            onChange={(value) => {
              upload.reset();
              setEntityCode(value ?? entity.code);
            }}
            allowDeselect={false}
            data-testid="import-entity"
          />
          <FileInput
            label={t('import.file')}
            description={t('import.fileHint')}
            placeholder={t('import.filePlaceholder')}
            accept={STATEMENT_FILE_TYPES}
            value={file}
            onChange={(value) => {
              upload.reset();
              setFile(value);
            }}
            clearable
            data-testid="statement-file"
          />
          <Checkbox
            label={t('import.anyAccount')}
            description={t('import.anyAccountHint', { iban: chosen.iban ?? '–' })}
            checked={anyAccount}
            onChange={(event) => setAnyAccount(event.currentTarget.checked)}
          />
          <Group justify="flex-end">
            <Button
              onClick={submit}
              disabled={!file}
              loading={upload.isPending}
              data-testid="import-statement"
            >
              {t('import.submit')}
            </Button>
          </Group>
        </Stack>
      </Paper>
      {upload.error && <ImportError error={upload.error} />}
      {upload.data && <ImportCounts result={upload.data} />}
    </Stack>
  );
}

/** Shows the server's message for a rejected file, and the general text for other failures. */
function ImportError(props: { error: Error }) {
  const { t } = useTranslation('payments');
  const errorMessage = useErrorMessage();
  const { error } = props;
  if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.message) {
    return (
      <Alert color="red" title={t('import.rejected')} role="alert" data-testid="import-error">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {errorMessage.describe(error)}
        </Text>
      </Alert>
    );
  }
  return <LoadError error={error} />;
}

function ImportCounts(props: { result: StatementImportResult }) {
  const { t } = useTranslation('payments');
  const format = useFormat();
  const { result } = props;
  const counts = ['statements', 'transactions', 'matched', 'unmatched', 'duplicates'] as const;

  return (
    <Paper withBorder p="md" data-testid="import-result">
      <Stack>
        <Text fw={600}>{t('import.done')}</Text>
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {counts.map((count) => (
            <Stack key={count} gap={0} data-count={count}>
              <Text size="xl" fw={700} data-testid={`count-${count}`}>
                {format.number(result[count])}
              </Text>
              <Text size="sm" c="dimmed">
                {t(`import.counts.${count}`)}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        <ImportWarnings statementIds={result.statementIds} />
        {result.unmatched > 0 && (
          <Anchor component={Link} to={paymentPaths.queue} size="sm" data-testid="to-queue">
            {t('import.toQueue', { count: result.unmatched })}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Lists the warnings of the imported statements and of their transactions, such
 * as a counterparty IBAN that fails its check, in the user's language.
 */
function ImportWarnings(props: { statementIds: string[] }) {
  const { t } = useTranslation('payments');
  const describe = useServerMessage();
  const details = useBankStatementDetails(props.statementIds);
  const warnings = details.flatMap((detail) =>
    detail.data
      ? [
          ...detail.data.warningDetails.map(
            (warning) => `${detail.data.identification}: ${describe(warning)}`,
          ),
          ...detail.data.transactions.flatMap((transaction) =>
            transaction.warningDetails.map(
              (warning) =>
                `${transaction.counterpartyName ?? t('unknownCounterparty')}: ${describe(warning)}`,
            ),
          ),
        ]
      : [],
  );

  if (warnings.length === 0) {
    return null;
  }
  return (
    <Alert color="orange" title={t('import.warnings')} data-testid="import-warnings">
      <List size="sm">
        {warnings.map((warning, index) => (
          <List.Item key={index}>{warning}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
