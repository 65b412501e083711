import { useQuery } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { Decimal } from './types.ts';

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
  /** The channel the message goes by. */
  channel: string;
  /** The step's own channel; differs from `channel` when the message fell back to a letter. */
  stepChannel?: string;
  total: string;
  /** Listed invoices and credit notes; amounts are decimal strings in `currency`. */
  invoices: Array<{
    id: string;
    number: string;
    kind: 'invoice' | 'credit_note';
    dueDate: string;
    daysPastDue: number;
    amount: Decimal;
    open: Decimal;
  }>;
  /** Overdue invoices left out because they are on hold; the reason is in the server's words (English). */
  onHold?: Array<{ number: string; open: Decimal; holdReason: string }>;
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
