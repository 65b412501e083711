import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { DebtorDunningHold } from './types.ts';

export interface HoldDebtorRequest {
  batchId: string;
  debtorId: string;
  reason: string;
  /** Last day of the hold as 'YYYY-MM-DD'; left out, the hold lasts until it is lifted. */
  until?: string;
}

export interface HeldDebtor {
  debtorId: string;
  hold: DebtorDunningHold;
  removedMessageIds: string[];
  releasedInvoices: number;
}

/** Reloads what a hold or a cleared number changes: batches, debtor cards and the call list. */
function invalidateDunningViews(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all(
    ['batches', 'batch', 'debtor', 'call-tasks', 'home'].map((key) =>
      queryClient.invalidateQueries({ queryKey: [key] }),
    ),
  );
}

/** Holds a debtor from a pending batch; its pending messages leave every pending batch of the entity. */
export function useHoldDebtor() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: ({ batchId, debtorId, ...body }: HoldDebtorRequest) =>
      apiRequest<HeldDebtor>(
        'POST',
        `/api/batches/${encodeURIComponent(batchId)}/debtors/${encodeURIComponent(debtorId)}/hold`,
        body,
      ),
    onSuccess: () => invalidateDunningViews(queryClient),
  });
}

export function useLiftDebtorHold() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (debtorId: string) =>
      apiRequest<{ debtorId: string; lifted: boolean }>(
        'DELETE',
        `/api/debtors/${encodeURIComponent(debtorId)}/hold`,
      ),
    onSuccess: () => invalidateDunningViews(queryClient),
  });
}

/** Clears a number a call marked as wrong, so later call steps use it again. */
export function useClearInvalidPhoneNumber() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { debtorId: string; number: string }) =>
      apiRequest<{ debtorId: string; number: string; cleared: true }>(
        'DELETE',
        `/api/debtors/${encodeURIComponent(params.debtorId)}/invalid-phone-numbers/${encodeURIComponent(params.number)}`,
      ),
    onSuccess: () => invalidateDunningViews(queryClient),
  });
}
