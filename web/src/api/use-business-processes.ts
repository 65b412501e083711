import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

/** Names by two-letter language code; `name` serves the other languages. */
export type LocalizedNames = Record<string, string>;

export interface IssueCategory {
  id: string;
  processId: string;
  name: string;
  names: LocalizedNames;
  /** Whether the invoices of an open issue in this category leave dunning. */
  pausesDunning: boolean;
  daysToResolve: number;
  /** Whether daysToResolve counts calendar days or the entity's working days. */
  dayKind: 'calendar' | 'working';
  departmentId: string | null;
  assigneeUserId: string | null;
  escalationUserId: string | null;
  escalationEmail: string | null;
  portalSelectable: boolean;
  /** Days after an issue closes before its invoices get a reminder again (0 to 90). */
  resumeAfterDays: number;
  /** An archived category takes no new issues. */
  archived: boolean;
}

export interface BusinessProcess {
  id: string;
  name: string;
  names: LocalizedNames;
  /** Every category, archived ones included. */
  categories: IssueCategory[];
}

/** The fields to change; the server keeps every field left out. */
export type IssueCategoryChange = Partial<Omit<IssueCategory, 'id' | 'processId'>>;

/** Returns the name in `language`, or the plain name when there is none in that language. */
export function localizedName(
  item: { name: string; names: LocalizedNames },
  language: string | undefined,
): string {
  return (language && item.names[language.slice(0, 2)]) || item.name;
}

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
