import { useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { AgeingReport } from './types.ts';

/** Fetches the ageing of an entity on `date`, one report per currency. */
export function useAgeingReport(params: { entity: string; date: string | undefined }) {
  return useQuery({
    queryKey: ['ageing-report', params],
    queryFn: () => apiRequest<AgeingReport[]>('GET', withQuery('/api/reports/ageing', params)),
  });
}
