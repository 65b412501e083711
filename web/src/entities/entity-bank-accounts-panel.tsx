import {
  ActionIcon,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermission } from '../api/use-session.ts';
import { LoadError } from '../components/load-error.tsx';
import { FieldsError } from './entity-request.ts';
import type { EntitySettings } from './entity-types.ts';
import { useEntityBankAccounts, useSetEntityBankAccounts } from './use-entity-bank-accounts.ts';

/** Converts an IBAN to its electronic form: no spaces, upper case. */
function electronicIban(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** Formats an IBAN for print, in groups of four. */
function printIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Lists the entity's further bank accounts besides its main IBAN, such as
 * a second bank or a savings account that debtors pay into. Statements of
 * these accounts are booked for the entity. With settings.manage, accounts
 * can be added and removed; each change saves the list at once.
 */
export function EntityBankAccountsPanel(props: { entity: EntitySettings }) {
  const { t } = useTranslation('entities');
  const accounts = useEntityBankAccounts(props.entity.id);
  const setAccounts = useSetEntityBankAccounts(props.entity.id);
  const canManage = usePermission('settings.manage');
  const [iban, setIban] = useState('');
  // A key of the problem, so that its text follows a language switch.
  const [problem, setProblem] = useState<'main' | 'twice' | 'invalid' | null>(null);
  const stored = accounts.data?.bankAccounts ?? [];

  async function add(event: FormEvent) {
    event.preventDefault();
    const candidate = electronicIban(iban);
    if (candidate === '') {
      return;
    }
    if (candidate === props.entity.iban) {
      setProblem('main');
      return;
    }
    if (stored.includes(candidate)) {
      setProblem('twice');
      return;
    }
    setProblem(null);
    try {
      await setAccounts.mutateAsync([...stored, candidate]);
      setIban('');
    } catch (error) {
      setProblem(error instanceof FieldsError ? 'invalid' : null);
    }
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {props.entity.iban
          ? t('bankAccounts.intro', { iban: printIban(props.entity.iban) })
          : t('bankAccounts.introNoMain')}
      </Text>

      {accounts.isPending && (
        <Center py="md">
          <Loader />
        </Center>
      )}
      {accounts.isError && <LoadError error={accounts.error} />}
      {accounts.data && stored.length === 0 && <Text c="dimmed">{t('bankAccounts.none')}</Text>}
      {stored.length > 0 && (
        <Table striped verticalSpacing="xs" data-testid="bank-account-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('bankAccounts.iban')}</Table.Th>
              {canManage && <Table.Th w={50} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stored.map((account) => (
              <Table.Tr key={account}>
                <Table.Td ff="monospace">{printIban(account)}</Table.Td>
                {canManage && (
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('bankAccounts.remove', { iban: printIban(account) })}
                      loading={setAccounts.isPending}
                      onClick={() =>
                        setAccounts.mutate(stored.filter((candidate) => candidate !== account))
                      }
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

      {setAccounts.error && !(setAccounts.error instanceof FieldsError) && (
        <LoadError error={setAccounts.error} />
      )}
      {canManage && accounts.data && (
        <form onSubmit={add} data-testid="bank-account-form">
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t('bankAccounts.newIban')}
              placeholder="NL00 BANK 0123 4567 89"
              value={iban}
              onChange={(event) => setIban(event.currentTarget.value)}
              error={problem ? t(`bankAccounts.${problem}`) : undefined}
              maxLength={50}
              style={{ flex: 1 }}
            />
            <Button
              type="submit"
              variant="light"
              mt={25}
              loading={setAccounts.isPending}
              disabled={iban.trim() === ''}
            >
              {t('bankAccounts.add')}
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}
