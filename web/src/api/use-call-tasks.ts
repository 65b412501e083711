import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { Decimal } from './types.ts';
import type { PromiseItem } from './use-promises.ts';

/** Outcomes of a call. 'no_answer' keeps the task on the call list. */
export const callOutcomes = ['reached', 'no_answer', 'wrong_number', 'promise', 'dispute'] as const;

export type CallOutcome = (typeof callOutcomes)[number];

/** A call task of the call list, with the outcome of the last attempt. */
export interface CallTaskItem {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string; phone: string | null };
  dueDate: string;
  total: Decimal;
  currency: string;
  status: string;
  stepName: string;
  outcome: string | null;
  note: string | null;
}

export interface CallOutcomeRequest {
  taskId: string;
  outcome: CallOutcome;
  note?: string;
  /** Only with outcome 'promise': the date as 'YYYY-MM-DD', the amount as a decimal with a point. */
  promise?: { date: string; amount: string };
}

export function useOpenCallTasks(entity: string) {
  return useQuery({
    queryKey: ['call-tasks', entity],
    queryFn: () =>
      apiRequest<CallTaskItem[]>('GET', withQuery('/api/call-tasks', { entity, status: 'open' })),
  });
}

/** Records a call outcome; the call list, the start screen and the promises reload after it. */
export function useRecordCallOutcome() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: ({ taskId, ...body }: CallOutcomeRequest) =>
      apiRequest<CallTaskItem & { promise: PromiseItem | null }>(
        'POST',
        `/api/call-tasks/${encodeURIComponent(taskId)}/outcome`,
        body,
      ),
    onSuccess: () =>
      Promise.all(
        ['call-tasks', 'home', 'promises'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      ),
  });
}
