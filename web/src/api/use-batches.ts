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
 * Fetches one batch with its messages. While messages wait for or are in the
 * sending job, it polls every 3 seconds (only while the tab is visible) so
 * that their status updates. Without SMTP approved messages stay approved,
 * so the polling goes on as long as the page is open.
 */
export function useBatch(batchId: string) {
  return useQuery({
    queryKey: ['batch', batchId],
    queryFn: () => apiRequest<BatchDetails>('GET', `/api/batches/${encodeURIComponent(batchId)}`),
    refetchInterval: (query) => {
      const messages = query.state.data?.messages ?? [];
      const isSending = messages.some(
        (message) => message.status === 'approved' || message.status === 'sending',
      );
      return isSending ? 3000 : false;
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
