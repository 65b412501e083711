import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import type {
  BusinessProcess,
  IssueCategory,
  IssueCategoryChange,
  LocalizedNames,
} from '../api/use-business-processes.ts';

/** The query key of useBusinessProcesses, which every change here reloads. */
const processesKey = ['business-processes'] as const;

/** The issue screens cache the categories under ['issues', ...], so a change reloads them too. */
const issuesKey = ['issues'] as const;

export interface ProcessNames {
  name: string;
  names: LocalizedNames;
}

/** The fields of a new category; the server fills in the defaults of those left out. */
export type IssueCategoryInput = Omit<IssueCategory, 'id' | 'processId'>;

function useProcessMutation<Variables, Result>(request: (variables: Variables) => Promise<Result>) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all(
        [processesKey, issuesKey].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}

export function useCreateProcess() {
  return useProcessMutation((input: ProcessNames) =>
    apiRequest<BusinessProcess>('POST', '/api/business-processes', input),
  );
}

export function useUpdateProcess() {
  return useProcessMutation((params: { id: string; change: ProcessNames }) =>
    apiRequest<BusinessProcess>(
      'PATCH',
      `/api/business-processes/${encodeURIComponent(params.id)}`,
      params.change,
    ),
  );
}

/** Deletes a process with its categories; the server answers 409 while an issue uses one. */
export function useDeleteProcess() {
  return useProcessMutation((id: string) =>
    apiRequest<void>('DELETE', `/api/business-processes/${encodeURIComponent(id)}`),
  );
}

export function useCreateCategory() {
  return useProcessMutation((params: { processId: string; input: IssueCategoryInput }) =>
    apiRequest<IssueCategory>(
      'POST',
      `/api/business-processes/${encodeURIComponent(params.processId)}/categories`,
      params.input,
    ),
  );
}

export function useChangeCategory() {
  return useProcessMutation((params: { id: string; change: IssueCategoryChange }) =>
    apiRequest<IssueCategory>(
      'PATCH',
      `/api/issue-categories/${encodeURIComponent(params.id)}`,
      params.change,
    ),
  );
}
