import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { DebtorCard, DebtorSummary, Page } from './types.ts';

export interface DebtorListParams {
  entity: string;
  search: string;
  page: number;
  pageSize: number;
}

export function useDebtors(params: DebtorListParams) {
  return useQuery({
    queryKey: ['debtors', params],
    queryFn: () =>
      apiRequest<Page<DebtorSummary>>(
        'GET',
        withQuery('/api/debtors', { ...params, search: params.search.trim() }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDebtorCard(debtorId: string) {
  return useQuery({
    queryKey: ['debtor', debtorId],
    queryFn: () => apiRequest<DebtorCard>('GET', `/api/debtors/${encodeURIComponent(debtorId)}`),
  });
}
