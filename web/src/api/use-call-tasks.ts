import { useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { CallTask } from './types.ts';

export function useOpenCallTasks(entity: string) {
  return useQuery({
    queryKey: ['call-tasks', entity],
    queryFn: () =>
      apiRequest<CallTask[]>('GET', withQuery('/api/call-tasks', { entity, status: 'open' })),
  });
}
