import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { ApproveResult, BatchDetails, BatchSummary, MessagePreview } from './types.ts';

/** Open batches and those of the last 30 days for the entity. */
export function useBatches(entity: string) {
  return useQuery({
    queryKey: ['batches', entity],
    queryFn: () => apiRequest<BatchSummary[]>('GET', withQuery('/api/batches', { entity })),
  });
}

/**
 * One batch with its messages. While approved messages wait for the sending
 * job, the batch is polled every few seconds so that their status updates.
 */
export function useBatch(batchId: string) {
  return useQuery({
    queryKey: ['batch', batchId],
    queryFn: () => apiRequest<BatchDetails>('GET', `/api/batches/${encodeURIComponent(batchId)}`),
    refetchInterval: (query) => {
      const counts = query.state.data?.batch.messages;
      return counts && counts.approved > 0 ? 3000 : false;
    },
  });
}

export function useMessagePreview(messageId: string | undefined) {
  return useQuery({
    queryKey: ['message-preview', messageId],
    queryFn: () =>
      apiRequest<MessagePreview>(
        'GET',
        `/api/messages/${encodeURIComponent(messageId ?? '')}/preview`,
      ),
    enabled: messageId !== undefined,
  });
}

export function useRemoveMessage() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (messageId: string) =>
      apiRequest<{ id: string; status: string }>(
        'POST',
        `/api/messages/${encodeURIComponent(messageId)}/remove`,
      ),
    onSuccess: () => invalidateBatches(queryClient),
  });
}

export function useApproveBatch() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (batchId: string) =>
      apiRequest<ApproveResult>('POST', `/api/batches/${encodeURIComponent(batchId)}/approve`),
    onSuccess: () => invalidateBatches(queryClient),
  });
}

function invalidateBatches(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['batches'] }),
    queryClient.invalidateQueries({ queryKey: ['batch'] }),
  ]);
}
