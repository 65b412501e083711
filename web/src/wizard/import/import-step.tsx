import { Alert, Button, FileInput, Group, List, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEntities } from '../../api/use-entities.ts';
import {
  ImportRejectedError,
  usePreviewImport,
  useRunImport,
  type ImportPreview,
} from '../../api/use-import-upload.ts';
import { LoadError } from '../../components/load-error.tsx';
import { ImportResultPanel } from './import-result-panel.tsx';
import { MappingTable } from './mapping-table.tsx';
import { PreviewTable } from './preview-table.tsx';
import { RejectedTable } from './rejected-table.tsx';

/**
 * Runs the first import: upload a CSV or XLSX file, check the first rows,
 * map the columns to fields (the server suggests a mapping from the headers)
 * and import. Importing the same file again changes nothing.
 */
export function ImportStep() {
  const { t } = useTranslation('wizard');
  const entities = useEntities();
  const preview = usePreviewImport();
  const runImport = useRunImport();
  const [entity, setEntity] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const entityCode = entity ?? entities.data?.[0]?.code ?? null;

  function choose(next: File | null) {
    setFile(next);
    preview.reset();
    runImport.reset();
    if (next && entityCode) {
      preview.mutate(
        { file: next, entity: entityCode },
        { onSuccess: (result) => setMapping(startingMapping(result)) },
      );
    }
  }

  function submit() {
    if (file && entityCode) {
      runImport.mutate({ file, entity: entityCode, mapping });
    }
  }

  const missing = (preview.data?.fields ?? []).filter(
    (field) => field.required && !mapping[field.name],
  );
  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm">
        <Select
          label={t('import.entity')}
          data={(entities.data ?? []).map((candidate) => ({
            value: candidate.code,
            label: `${candidate.code} · ${candidate.name}`,
          }))}
          value={entityCode}
          onChange={(value) => setEntity(value)}
          allowDeselect={false}
          w={260}
        />
        <FileInput
          label={t('import.file')}
          description={t('import.fileHelp')}
          placeholder={t('import.filePlaceholder')}
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          value={file}
          onChange={choose}
          disabled={!entityCode}
          clearable
          w={360}
          maw="100%"
          data-testid="import-file"
        />
      </Group>
      {!entityCode && <Text size="sm">{t('import.needEntity')}</Text>}
      {preview.isPending && <Text size="sm">{t('import.reading')}</Text>}
      {preview.error && <ImportError error={preview.error} />}
      {preview.data && (
        <>
          <PreviewTable preview={preview.data} />
          {preview.data.warnings.length > 0 && (
            <Alert color="yellow" variant="light">
              <List size="sm">
                {preview.data.warnings.map((warning) => (
                  <List.Item key={warning}>{warning}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <MappingTable preview={preview.data} mapping={mapping} onChange={setMapping} />
          <Group gap="sm">
            <Button
              onClick={submit}
              loading={runImport.isPending}
              disabled={missing.length > 0 || runImport.isSuccess}
              data-testid="run-import"
            >
              {t('import.run')}
            </Button>
            {missing.length > 0 && (
              <Text size="sm" c="red">
                {t('import.missingFields', { count: missing.length })}
              </Text>
            )}
          </Group>
        </>
      )}
      {runImport.error && <ImportError error={runImport.error} />}
      {runImport.data && <ImportResultPanel result={runImport.data} />}
    </Stack>
  );
}

/** Lists the problems of a rejected file, and shows other failures with the usual message. */
function ImportError(props: { error: Error }) {
  const { t } = useTranslation('wizard');
  if (!(props.error instanceof ImportRejectedError)) {
    return <LoadError error={props.error} />;
  }
  return (
    <Stack gap="sm">
      <Alert color="red" title={t('import.rejectedAll')}>
        {props.error.rejected.length === 0 ? props.error.message : t('import.rejectedAllHelp')}
      </Alert>
      {props.error.rejected.length > 0 && <RejectedTable rejected={props.error.rejected} />}
    </Stack>
  );
}

/** Returns the server's suggested mapping, limited to columns that the file has. */
function startingMapping(preview: ImportPreview): Record<string, string> {
  return Object.fromEntries(
    Object.entries(preview.suggestedMapping).filter(([, column]) =>
      preview.columns.includes(column),
    ),
  );
}
