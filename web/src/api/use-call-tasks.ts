import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { Decimal } from './types.ts';
import type { PromiseItem } from './use-promises.ts';

/** Outcomes of a call. 'no_answer' keeps the task on the call list. */
export const callOutcomes = ['reached', 'no_answer', 'wrong_number', 'promise', 'dispute'] as const;

export type CallOutcome = (typeof callOutcomes)[number];

/** Orders of the call list; the server documents each (priority weighs the amount by risk). */
export const callTaskSorts = ['priority', 'amount', 'risk', 'due_date'] as const;

export type CallTaskSort = (typeof callTaskSorts)[number];

/** The unanswered call that reaches this many attempts closes the task. */
export const maxCallAttempts = 3;

/** A call task of the call list, with the outcome of the last attempt. */
export interface CallTaskItem {
  id: string;
  entityCode: string;
  debtor: {
    id: string;
    number: string;
    name: string;
    phone: string | null;
    riskScore: number | null;
  };
  dueDate: string;
  total: Decimal;
  currency: string;
  status: string;
  stepName: string;
  outcome: string | null;
  note: string | null;
  attempts: number;
  /** After an unanswered call: the day the task comes back on the call list. */
  retryOn: string | null;
}

export interface CallOutcomeRequest {
  taskId: string;
  outcome: CallOutcome;
  note?: string;
  /** Only with outcome 'promise': the date as 'YYYY-MM-DD', the amount as a decimal with a point. */
  promise?: { date: string; amount: string };
  /** Only with outcome 'no_answer': the day to call again; left out, the next working day. */
  retryOn?: string;
  /** Only with outcome 'wrong_number': the number called; left out, the number the list shows. */
  number?: string;
}

/** Fetches the open call tasks of an entity in `sort` order; `showLater` adds those retried after today. */
export function useOpenCallTasks(
  entity: string,
  options: { sort?: CallTaskSort; showLater?: boolean } = {},
) {
  const sort = options.sort ?? 'priority';
  const showLater = options.showLater ?? false;

  return useQuery({
    queryKey: ['call-tasks', entity, sort, showLater],
    queryFn: () =>
      apiRequest<CallTaskItem[]>(
        'GET',
        withQuery('/api/call-tasks', {
          entity,
          status: 'open',
          sort,
          showLater: String(showLater),
        }),
      ),
  });
}

/** The recorded outcome: the task after it, the promise, and what the outcome changed. */
export type CallOutcomeResult = CallTaskItem & {
  promise: PromiseItem | null;
  /** With outcome 'promise': the debtor's pending messages taken out of pending batches. */
  removedMessageIds: string[];
  /** With outcome 'no_answer': the requested retry date when it was not a sending day and moved. */
  retryOnMovedFrom: string | null;
};

/** Records a call outcome; the call list, the start screen and the promises reload after it. */
export function useRecordCallOutcome() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: ({ taskId, ...body }: CallOutcomeRequest) =>
      apiRequest<CallOutcomeResult>(
        'POST',
        `/api/call-tasks/${encodeURIComponent(taskId)}/outcome`,
        body,
      ),
    onSuccess: () =>
      Promise.all(
        ['call-tasks', 'home', 'promises', 'debtor'].map((key) =>
          queryClient.invalidateQueries({ queryKey: [key] }),
        ),
      ),
  });
}
