import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useAccess } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { useFormat } from '../format/use-format.ts';
import { electronicIban, passesIbanCheck, printIban } from './iban-text.ts';
import {
  useAddDebtorBankAccount,
  useDebtorBankAccounts,
  useRemoveDebtorBankAccount,
  type BankAccountSource,
} from './use-debtor-bank-accounts.ts';

const SOURCE_COLORS: Record<BankAccountSource, string> = {
  import: 'gray',
  user: 'blue',
  learned: 'teal',
};

/** A problem with the form, by translation key, so that its text follows a language switch. */
type Problem = 'invalidIban' | 'invalidBic' | 'twice';

/**
 * Shows the IBANs a debtor pays from on the customer card. A bank payment
 * from one of them without a payment reference or invoice number is
 * matched by its amount, unless another debtor has the same IBAN. With
 * debtors.manage, accounts can be added and removed.
 */
export function DebtorBankAccountsPanel(props: { debtorId: string }) {
  const { t } = useTranslation('debtorBankAccounts');
  const format = useFormat();
  const access = useAccess();
  const canRead = access.can('debtors.read');
  const canManage = access.can('debtors.manage');
  const accounts = useDebtorBankAccounts(props.debtorId, canRead);
  const addAccount = useAddDebtorBankAccount(props.debtorId);
  const removeAccount = useRemoveDebtorBankAccount(props.debtorId);
  const [iban, setIban] = useState('');
  const [bic, setBic] = useState('');
  const [holder, setHolder] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  if (!canRead) {
    return null;
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    const candidate = electronicIban(iban);
    if (!passesIbanCheck(candidate)) {
      setProblem('invalidIban');
      return;
    }
    setProblem(null);
    try {
      await addAccount.mutateAsync({
        iban: candidate,
        ...(bic.trim() === '' ? {} : { bic: bic.trim() }),
        ...(holder.trim() === '' ? {} : { accountHolderName: holder.trim() }),
      });
      setIban('');
      setBic('');
      setHolder('');
    } catch (error) {
      setProblem(problemOf(error));
    }
  }

  const stored = accounts.data ?? [];
  return (
    <Stack gap="xs" data-testid="debtor-bank-accounts">
      <Title order={3}>{t('title')}</Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      {accounts.isError && <LoadError error={accounts.error} />}
      {accounts.data && stored.length === 0 && <Text c="dimmed">{t('none')}</Text>}
      {stored.length > 0 && (
        <Table data-testid="debtor-bank-account-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('iban')}</Table.Th>
              <Table.Th>{t('bic')}</Table.Th>
              <Table.Th>{t('holder')}</Table.Th>
              <Table.Th>{t('source.label')}</Table.Th>
              <Table.Th>{t('added')}</Table.Th>
              {canManage && <Table.Th w={50} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stored.map((account) => (
              <Table.Tr key={account.id}>
                <Table.Td>
                  <Text ff="monospace" size="sm">
                    {printIban(account.iban)}
                  </Text>
                  {account.sharedWith.length > 0 && (
                    <Text size="xs" c="orange.8">
                      {t('shared', {
                        debtors: account.sharedWith
                          .map((debtor) => `${debtor.number} ${debtor.name}`)
                          .join(', '),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ff="monospace">{account.bic ?? ''}</Table.Td>
                <Table.Td>{account.accountHolderName ?? ''}</Table.Td>
                <Table.Td>
                  {/* A label that may overflow keeps its full width, so the table does not cut it short. */}
                  <Badge
                    variant="light"
                    color={SOURCE_COLORS[account.source]}
                    styles={{ label: { overflow: 'visible' } }}
                  >
                    {t(`source.${account.source}`)}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {format.date(account.createdAt.slice(0, 10))}
                </Table.Td>
                {canManage && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('remove', { iban: printIban(account.iban) })}
                      loading={removeAccount.isPending && removeAccount.variables === account.id}
                      onClick={() => removeAccount.mutate(account.id)}
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {removeAccount.error && <LoadError error={removeAccount.error} />}
      {addAccount.error && problemOf(addAccount.error) === null && (
        <LoadError error={addAccount.error} />
      )}
      {canManage && accounts.data && (
        <form onSubmit={add} data-testid="debtor-bank-account-form">
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t('newIban')}
              placeholder="NL00 BANK 0123 4567 89"
              value={iban}
              onChange={(event) => setIban(event.currentTarget.value)}
              error={problem === 'invalidIban' || problem === 'twice' ? t(problem) : undefined}
              maxLength={50}
              style={{ flex: 2 }}
            />
            <TextInput
              label={t('bicOptional')}
              value={bic}
              onChange={(event) => setBic(event.currentTarget.value)}
              error={problem === 'invalidBic' ? t(problem) : undefined}
              maxLength={20}
              style={{ flex: 1 }}
            />
            <TextInput
              label={t('holderOptional')}
              value={holder}
              onChange={(event) => setHolder(event.currentTarget.value)}
              maxLength={140}
              style={{ flex: 2 }}
            />
            <Button
              type="submit"
              variant="light"
              mt={25}
              loading={addAccount.isPending}
              disabled={iban.trim() === ''}
            >
              {t('add')}
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

/** The form problem a failed request stands for, or null for an error shown as a whole. */
function problemOf(error: unknown): Problem | null {
  if (!(error instanceof ApiError)) {
    return null;
  }
  if (error.code === 'already_exists') {
    return 'twice';
  }
  if (error.code === 'invalid_input') {
    return error.message.includes('body.bic') ? 'invalidBic' : 'invalidIban';
  }

  return null;
}
