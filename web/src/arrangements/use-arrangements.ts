import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../api/client.ts';
import type { Decimal } from '../api/types.ts';

export type ArrangementStatus =
  'requested' | 'active' | 'completed' | 'broken' | 'rejected' | 'cancelled';

export type ArrangementFrequency = 'weekly' | 'fortnightly' | 'monthly' | 'quarterly';

export type ArrangementDecision = 'approve' | 'reject' | 'cancel';

/** A payment arrangement as GET /api/debtors/:id/arrangements returns it. */
export interface ArrangementItem {
  id: string;
  status: ArrangementStatus;
  source: 'card' | 'portal' | 'api';
  currency: string;
  total: Decimal;
  /** Payments on the invoices since the arrangement was requested. */
  paid: Decimal;
  frequency: ArrangementFrequency;
  firstDueDate: string;
  note: string | null;
  requestedBy: string;
  /** A user's name, "API key <name>", or the debtor's name for a request from the portal. */
  requestedByName: string;
  requestedAt: string;
  /** The actor that approved, rejected or cancelled the arrangement last. */
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  brokenOn: string | null;
  completedOn: string | null;
  invoices: { id: string; number: string; open: Decimal }[];
  instalments: {
    sequence: number;
    dueDate: string;
    amount: Decimal;
    paid: Decimal;
    status: 'open' | 'paid' | 'missed';
    paidOn: string | null;
  }[];
}

/** The body of POST /api/debtors/:id/arrangements that the card sends. */
export interface NewArrangement {
  invoiceIds: string[];
  instalmentCount: number;
  frequency: ArrangementFrequency;
  firstDueDate: string;
  note: string | null;
  /** Makes the arrangement active at once; the server accepts it only with payments.manage. */
  approve: boolean;
}

const arrangementsKey = (debtorId: string) => ['arrangements', debtorId];

export function useDebtorArrangements(debtorId: string) {
  return useQuery({
    queryKey: arrangementsKey(debtorId),
    queryFn: () =>
      apiRequest<ArrangementItem[]>(
        'GET',
        `/api/debtors/${encodeURIComponent(debtorId)}/arrangements`,
      ),
  });
}

export function useCreateArrangement(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (body: NewArrangement) =>
      apiRequest<ArrangementItem>(
        'POST',
        `/api/debtors/${encodeURIComponent(debtorId)}/arrangements`,
        { ...body, source: 'card' },
      ),
    // The card's dunning details change too: an active arrangement keeps its invoices out of dunning.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: arrangementsKey(debtorId) }),
        queryClient.invalidateQueries({ queryKey: ['debtor', debtorId] }),
      ]),
  });
}

/** Approves, rejects or cancels an arrangement, with the reason as note. */
export function useDecideArrangement(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: { id: string; decision: ArrangementDecision; note: string | null }) =>
      apiRequest<ArrangementItem>(
        'POST',
        `/api/arrangements/${encodeURIComponent(input.id)}/${input.decision}`,
        { note: input.note },
      ),
    // The card's dunning details change too: an active arrangement keeps its invoices out of dunning.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: arrangementsKey(debtorId) }),
        queryClient.invalidateQueries({ queryKey: ['debtor', debtorId] }),
      ]),
  });
}
