import { ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { recognizeMessage } from '../../../../src/errors.ts';
import type { RejectedRow } from '../../api/use-import-upload.ts';
import { useServerMessage } from '../../components/use-error-message.ts';
import { useFieldLabel } from './use-field-label.ts';

/**
 * Lists the problems of an import file, one row per problem, with the line,
 * column and fix. The server words each reason in English; a reason with a
 * catalogue text shows in the user's language.
 */
export function RejectedTable(props: { rejected: RejectedRow[] }) {
  const { t } = useTranslation('wizard');
  const fieldLabel = useFieldLabel();
  const describe = useServerMessage();

  return (
    <div>
      <Text fw={600} c="red" mb="xs">
        {t('import.rejectedTitle', { count: props.rejected.length })}
      </Text>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table striped fz="sm" data-testid="import-rejected">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('import.row')}</Table.Th>
              <Table.Th>{t('import.column')}</Table.Th>
              <Table.Th>{t('import.value')}</Table.Th>
              <Table.Th>{t('import.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rejected.map((problem, index) => (
              <Table.Tr key={`${problem.row}-${problem.column}-${index}`}>
                <Table.Td>{problem.row}</Table.Td>
                <Table.Td>
                  {problem.column}
                  {problem.field && (
                    <Text size="xs" c="dimmed">
                      {fieldLabel(problem.field)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{problem.value}</Table.Td>
                <Table.Td>{describe(recognizeMessage(problem.reason))}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </div>
  );
}
