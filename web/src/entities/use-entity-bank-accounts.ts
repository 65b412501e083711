import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import { entitiesKey } from '../api/use-entities.ts';
import { sendEntityRequest } from './entity-request.ts';

interface BankAccounts {
  /** IBANs in electronic form, sorted. */
  bankAccounts: string[];
}

/** The entity's further bank accounts besides its main IBAN. */
export function useEntityBankAccounts(id: string) {
  return useQuery({
    queryKey: [...entitiesKey, id, 'bank-accounts'],
    queryFn: () => apiRequest<BankAccounts>('GET', `/api/entities/${id}/bank-accounts`),
  });
}

/** Replaces the further bank accounts; errors list each invalid IBAN as bankAccounts[index]. */
export function useSetEntityBankAccounts(id: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (bankAccounts: string[]) =>
      sendEntityRequest<BankAccounts>(queryClient, 'PUT', `/api/entities/${id}/bank-accounts`, {
        bankAccounts,
      }),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: [...entitiesKey, id, 'bank-accounts'] }),
  });
}
