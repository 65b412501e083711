import { useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { Decimal } from './types.ts';
import type { CallTaskItem } from './use-call-tasks.ts';
import type { PromiseItem } from './use-promises.ts';

export interface BatchToApprove {
  id: string;
  entityCode: string;
  channel: string;
  runDate: string;
  /** Messages waiting for approval. */
  messageCount: number;
  totals: { currency: string; amount: Decimal }[];
}

export interface IssuePastDeadline {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  category: string;
  department: { id: string; name: string } | null;
  deadline: string;
  description: string;
}

/** An open issue that passed its deadline and was escalated; for managers. */
export interface EscalatedIssue {
  id: string;
  number: number;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  category: string;
  /** Category names by language code; `category` serves the others. */
  categoryNames: Record<string, string>;
  department: { id: string; name: string } | null;
  deadline: string;
  daysPastDeadline: number;
  escalatedAt: string;
}

/**
 * The day's work of the signed-in user. A section is missing when the user
 * lacks its permission, and so is its count. Each list contains at most ten
 * items, and the counts cover every item.
 */
export interface HomeOverview {
  days: { entityCode: string; today: string }[];
  counts: {
    batchesToApprove?: number;
    callsDue?: number;
    promisesDue?: number;
    issuesPastDeadline?: number;
    escalatedIssues?: number;
  };
  batchesToApprove?: BatchToApprove[];
  callsDue?: number;
  callTasksDue?: CallTaskItem[];
  promisesDue?: PromiseItem[];
  issuesPastDeadline?: IssuePastDeadline[];
  escalatedIssues?: EscalatedIssue[];
}

/** Fetches the start screen of one entity, or of all the user's entities without one. */
export function useHome(entity: string | undefined) {
  return useQuery({
    queryKey: ['home', entity ?? ''],
    queryFn: () => apiRequest<HomeOverview>('GET', withQuery('/api/home', { entity })),
  });
}
