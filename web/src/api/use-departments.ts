import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { Department } from './types.ts';

const departmentsKey = ['departments'] as const;

export function useDepartments() {
  return useQuery({
    queryKey: departmentsKey,
    queryFn: () => apiRequest<Department[]>('GET', '/api/departments'),
  });
}

export function useAddDepartment() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (name: string) => apiRequest<Department>('POST', '/api/departments', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: departmentsKey }),
  });
}

export function useDeleteDepartment() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (departmentId: string) =>
      apiRequest<void>('DELETE', `/api/departments/${encodeURIComponent(departmentId)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: departmentsKey }),
  });
}
