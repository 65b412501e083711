import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

export interface IssueCategory {
  id: string;
  name: string;
  /** Whether the invoices of an open issue in this category leave dunning. */
  pausesDunning: boolean;
  daysToResolve: number;
  departmentId: string | null;
}

export interface BusinessProcess {
  id: string;
  name: string;
  categories: IssueCategory[];
}

export type IssueCategoryChange = Partial<Omit<IssueCategory, 'id'>>;

const processesKey = ['business-processes'] as const;

export function useBusinessProcesses() {
  return useQuery({
    queryKey: processesKey,
    queryFn: () => apiRequest<BusinessProcess[]>('GET', '/api/business-processes'),
  });
}

/** Creates the preset processes and their categories; running it twice adds nothing. */
export function useLoadProcessPresets() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<unknown>('POST', '/api/business-processes/presets'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: processesKey }),
  });
}

export function useUpdateIssueCategory() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { id: string; change: IssueCategoryChange }) =>
      apiRequest<IssueCategory>(
        'PATCH',
        `/api/issue-categories/${encodeURIComponent(params.id)}`,
        params.change,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: processesKey }),
  });
}
