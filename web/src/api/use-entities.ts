import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { DemoResult, Entity } from './types.ts';

export function useEntities() {
  return useQuery({
    queryKey: ['entities'],
    queryFn: () => apiRequest<Entity[]>('GET', '/api/entities'),
  });
}

/** Loads the demo organisation data; the server refuses once entities exist. */
export function useLoadDemo() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<DemoResult>('POST', '/api/demo'),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
