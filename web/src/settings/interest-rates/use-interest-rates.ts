import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/client.ts';

export type RateTableKind = 'consumer' | 'commercial';

/** One rate: a yearly percentage with two decimals, such as "12.50", from `validFrom`. */
export interface RateEntry {
  validFrom: string;
  rate: string;
}

/** A statutory rate table as GET /api/interest-rates returns it. */
export interface RateTable {
  kind: RateTableKind;
  source: 'organisation' | 'built-in';
  coveredThrough: string;
  entries: RateEntry[];
  updatedBy: { actor: string; name: string } | null;
  updatedAt: string | null;
}

const ratesKey = ['interest-rates'] as const;

export function useInterestRates() {
  return useQuery({
    queryKey: ratesKey,
    queryFn: async () =>
      (await apiRequest<{ tables: RateTable[] }>('GET', '/api/interest-rates')).tables,
  });
}

/** Replaces a table's rates and covered-through date, then reloads the tables. */
export function useSaveRateTable() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { kind: RateTableKind; coveredThrough: string; entries: RateEntry[] }) =>
      apiRequest<RateTable>('PUT', `/api/interest-rates/${params.kind}`, {
        coveredThrough: params.coveredThrough,
        entries: params.entries,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ratesKey }),
  });
}
