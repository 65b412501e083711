import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, readError, withQuery } from '../api/client.ts';
import type { Decimal, Session } from '../api/types.ts';
import { sessionKey } from '../api/use-session.ts';
import type { ServerMessage } from '../components/server-message.ts';

/** Counts of the transactions that importing a file booked, as POST /api/bank-statements returns them. */
export interface StatementImportResult {
  statements: number;
  /** matched + unmatched + duplicates. */
  transactions: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  statementIds: string[];
}

/** A booked statement, as GET /api/bank-statements lists it. */
export interface BankStatementItem {
  id: string;
  entityCode: string;
  fileName: string;
  format: 'camt.053' | 'camt.054' | 'mt940';
  identification: string;
  accountIdentification: string;
  accountIban: string | null;
  currency: string | null;
  closingBalance: Decimal | null;
  closingBalanceDate: string | null;
  transactionCount: number;
  unmatchedCount: number;
  /** Problems that did not stop the import, with their message keys. */
  warningDetails: ServerMessage[];
  importedAt: string;
}

/** A statement with the warnings kept on its transactions (GET /api/bank-statements/:id). */
export interface BankStatementDetail extends BankStatementItem {
  transactions: {
    paymentId: string;
    counterpartyName: string | null;
    warningDetails: ServerMessage[];
  }[];
}

export function useBankStatements(entity: string) {
  return useQuery({
    queryKey: ['bank-statements', entity],
    queryFn: () =>
      apiRequest<BankStatementItem[]>('GET', withQuery('/api/bank-statements', { entity })),
  });
}

/** Loads imported statements with their transactions, such as those of one import. */
export function useBankStatementDetails(statementIds: readonly string[]) {
  return useQueries({
    queries: statementIds.map((id) => ({
      queryKey: ['bank-statements', 'detail', id],
      queryFn: () => apiRequest<BankStatementDetail>('GET', `/api/bank-statements/${id}`),
    })),
  });
}

/**
 * Uploads a statement file for an entity as a multipart form. The fields go
 * before the file, because the server reads the parts in order.
 */
export function useImportStatement() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async (params: { file: File; entityId: string; anyAccount: boolean }) => {
      const form = new FormData();
      form.append('entityId', params.entityId);
      form.append('anyAccount', String(params.anyAccount));
      form.append('file', params.file);
      const headers: Record<string, string> = { accept: 'application/json' };
      const csrfToken = queryClient.getQueryData<Session | null>(sessionKey)?.csrfToken;
      if (csrfToken) {
        headers['x-csrf-token'] = csrfToken;
      }
      const response = await fetch('/api/bank-statements', {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        body: form,
      });
      if (!response.ok) {
        throw await readError(response);
      }
      return (await response.json()) as StatementImportResult;
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
