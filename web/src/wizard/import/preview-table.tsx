import { ScrollArea, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../api/use-import-upload.ts';

/** Shows the file's header and first rows as the server read them. */
export function PreviewTable(props: { preview: ImportPreview }) {
  const { t } = useTranslation('wizard');
  const { preview } = props;

  return (
    <div>
      <Title order={5}>{t('import.previewTitle', { file: preview.fileName })}</Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('import.previewHelp', { count: preview.rows.length })}{' '}
        {preview.dateFormat && t('import.dateFormat', { format: preview.dateFormat })}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Table withTableBorder withColumnBorders striped fz="xs" data-testid="import-preview">
          <Table.Thead>
            <Table.Tr>
              {preview.columns.map((column) => (
                <Table.Th key={column} style={{ whiteSpace: 'nowrap' }}>
                  {column}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, rowIndex) => (
              <Table.Tr key={rowIndex}>
                {preview.columns.map((column, index) => (
                  <Table.Td key={column} style={{ whiteSpace: 'nowrap' }}>
                    {row[index] ?? ''}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </div>
  );
}
