import { Badge, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../api/use-import-upload.ts';
import { useFieldLabel } from './use-field-label.ts';

/** Shows one select box per field to choose the column of the file that fills it, if any. */
export function MappingTable(props: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  onChange(mapping: Record<string, string>): void;
}) {
  const { t } = useTranslation('wizard');
  const fieldLabel = useFieldLabel();
  const columns = props.preview.columns.map((column) => ({ value: column, label: column }));

  function choose(field: string, column: string | null) {
    const next = { ...props.mapping };
    if (column) {
      next[field] = column;
    } else {
      delete next[field];
    }
    props.onChange(next);
  }

  return (
    <div data-testid="import-mapping">
      <Title order={5}>{t('import.mappingTitle')}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('import.mappingHelp')} {t(`import.mappingSource.${props.preview.mappingSource}`)}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" verticalSpacing="xs">
        {props.preview.fields.map((field) => (
          <Select
            key={field.name}
            label={
              <>
                {fieldLabel(field.name)}{' '}
                {field.required && (
                  <Badge size="xs" variant="light" color="red">
                    {t('import.required')}
                  </Badge>
                )}
              </>
            }
            aria-label={fieldLabel(field.name)}
            data={columns}
            value={props.mapping[field.name] ?? null}
            onChange={(value) => choose(field.name, value)}
            placeholder={t('import.notImported')}
            clearable
            searchable
            error={
              field.required && !props.mapping[field.name] ? t('import.requiredMissing') : undefined
            }
            data-field={field.name}
          />
        ))}
      </SimpleGrid>
    </div>
  );
}
