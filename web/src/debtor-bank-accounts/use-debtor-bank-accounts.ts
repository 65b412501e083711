import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';

export type BankAccountSource = 'import' | 'user' | 'learned';

/** A bank account of a debtor, as GET /api/debtors/:id/bank-accounts returns it. */
export interface DebtorBankAccount {
  id: string;
  /** Electronic form: upper case, no spaces. */
  iban: string;
  bic: string | null;
  accountHolderName: string | null;
  source: BankAccountSource;
  createdBy: string;
  createdAt: string;
  /** Other debtors of the entity with this IBAN; it then matches no payment by amount. */
  sharedWith: Array<{ id: string; number: string; name: string }>;
}

export interface NewBankAccount {
  iban: string;
  bic?: string;
  accountHolderName?: string;
}

const accountsKey = (debtorId: string) => ['debtor-bank-accounts', debtorId];
const accountsPath = (debtorId: string) =>
  `/api/debtors/${encodeURIComponent(debtorId)}/bank-accounts`;

/** Loads the debtor's bank accounts; `enabled` false skips the request for a user without debtors.read. */
export function useDebtorBankAccounts(debtorId: string, enabled: boolean) {
  return useQuery({
    queryKey: accountsKey(debtorId),
    enabled,
    queryFn: () => apiRequest<DebtorBankAccount[]>('GET', accountsPath(debtorId)),
  });
}

export function useAddDebtorBankAccount(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (account: NewBankAccount) =>
      apiRequest<DebtorBankAccount>('POST', accountsPath(debtorId), account),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsKey(debtorId) }),
  });
}

export function useRemoveDebtorBankAccount(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (accountId: string) =>
      apiRequest<void>('DELETE', `${accountsPath(debtorId)}/${encodeURIComponent(accountId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountsKey(debtorId) }),
  });
}
