import { useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { Decimal } from './types.ts';

export type PromiseStatus = 'open' | 'kept' | 'broken';

/** A debtor's promise to pay an amount by a date. */
export interface PromiseItem {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  promisedDate: string;
  amount: Decimal;
  /** Payments from the day of the promise up to the promised date. */
  paid: Decimal;
  currency: string;
  status: PromiseStatus;
  /** The channel the debtor made the promise through. */
  channel: 'call' | 'email' | 'letter' | 'portal' | 'sms' | 'other';
  note: string | null;
  callTaskId: string | null;
  createdBy: string;
  createdAt: string;
}

export function usePromises(params: { entity?: string; status?: PromiseStatus }) {
  return useQuery({
    queryKey: ['promises', params.entity ?? '', params.status ?? ''],
    queryFn: () => apiRequest<PromiseItem[]>('GET', withQuery('/api/promises', params)),
  });
}
