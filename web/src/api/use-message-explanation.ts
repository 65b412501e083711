import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';

/**
 * Why the dunning run made a message, as GET /api/messages/:id/explanation
 * returns it. The optional parts are absent in messages made before they existed.
 */
export interface MessageExplanation {
  profile: string;
  step: string;
  dayOffset: number;
  asOf: string;
  currency: string;
  channel: string;
  total: string;
  /** The whole explanation in English sentences. */
  reason: string;
  segment?: {
    name: string | null;
    basis: 'pinned' | 'manual' | 'rule' | 'default';
    /** The logged reason of the latest segment change, in the server's words (English). */
    reason: string | null;
  };
  escalation?: { originalProfile: string; brokenPromises: number; threshold: number };
  scope?: 'debtor' | 'invoice';
  addsCollectionCosts?: boolean;
  addsInterest?: boolean;
}

export function useMessageExplanation(messageId: string | undefined) {
  return useQuery({
    queryKey: ['message-explanation', messageId],
    queryFn: () =>
      apiRequest<MessageExplanation>(
        'GET',
        `/api/messages/${encodeURIComponent(messageId ?? '')}/explanation`,
      ),
    enabled: messageId !== undefined,
  });
}
