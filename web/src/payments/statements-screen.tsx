import { Accordion, Badge, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../components/load-error.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useServerMessage } from '../components/use-error-message.ts';
import { useEntity } from '../entity/entity-context.tsx';
import { useFormat } from '../format/use-format.ts';
import { PaymentsTabs } from './payments-tabs.tsx';
import { StatementPayments } from './statement-payments.tsx';
import { useBankStatements, type BankStatementItem } from './use-bank-statements.ts';

/**
 * Lists the bank statements imported for the entity, newest first. Opening one
 * lists its transactions with their match state.
 */
export function StatementsScreen() {
  const { t } = useTranslation('payments');
  const { entity } = useEntity();
  const statements = useBankStatements(entity.code);
  const [opened, setOpened] = useState<string | null>(null);

  return (
    <Stack gap="md">
      <PageTitle title={t('title')} subtitle={t('statements.subtitle')} />
      <PaymentsTabs />
      {statements.isPending && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {statements.isError && <LoadError error={statements.error} />}
      {statements.data?.length === 0 && <Text c="dimmed">{t('statements.empty')}</Text>}
      {statements.data && statements.data.length > 0 && (
        <Accordion variant="separated" value={opened} onChange={setOpened} data-testid="statements">
          {statements.data.map((statement) => (
            <Accordion.Item
              key={statement.id}
              value={statement.id}
              data-statement-id={statement.id}
            >
              <Accordion.Control>
                <StatementHeading statement={statement} />
              </Accordion.Control>
              <Accordion.Panel>
                {opened === statement.id && (
                  <StatementPayments entity={entity.code} statementId={statement.id} />
                )}
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

function StatementHeading(props: { statement: BankStatementItem }) {
  const { t } = useTranslation('payments');
  const format = useFormat();
  const describeWarning = useServerMessage();
  const { statement } = props;
  const imported = new Date(statement.importedAt);

  return (
    <Group justify="space-between" wrap="nowrap" pr="sm">
      <Stack gap={0}>
        <Text fw={500}>{statement.fileName}</Text>
        <Text size="xs" c="dimmed">
          {t('statements.account', {
            account: statement.accountIban ?? statement.accountIdentification,
            identification: statement.identification,
          })}
        </Text>
      </Stack>
      <Group gap="xs" wrap="nowrap">
        {statement.unmatchedCount > 0 && (
          <Badge color="red" variant="light">
            {t('statements.unmatched', { count: statement.unmatchedCount })}
          </Badge>
        )}
        {statement.warningDetails.length > 0 && (
          <Badge
            color="orange"
            variant="light"
            title={statement.warningDetails.map(describeWarning).join('\n')}
          >
            {t('statements.warnings', { count: statement.warningDetails.length })}
          </Badge>
        )}
        <Badge variant="outline" tt="none">
          {statement.format}
        </Badge>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('statements.transactions', { count: statement.transactionCount })}
        </Text>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {format.date(imported.toISOString().slice(0, 10))}
        </Text>
      </Group>
    </Group>
  );
}
