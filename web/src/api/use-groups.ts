import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { PermissionDescription, UserGroup } from './types.ts';

export interface CreateGroupInput {
  slug: string;
  name: string;
  permissions: string[];
  startScreen: string;
  /** Slug of a group whose permissions and start screen the new group starts from. */
  copyFrom?: string;
}

export interface UpdateGroupInput {
  name?: string;
  permissions?: string[];
  startScreen?: string;
}

const groupsKey = ['groups'] as const;

export function useGroups() {
  return useQuery({
    queryKey: groupsKey,
    queryFn: () => apiRequest<UserGroup[]>('GET', '/api/groups'),
  });
}

/** Fetches every permission that a user group or an API key can have, with the server's description. */
export function usePermissionDescriptions() {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: () => apiRequest<PermissionDescription[]>('GET', '/api/permissions'),
    staleTime: Infinity,
  });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: CreateGroupInput) => apiRequest<UserGroup>('POST', '/api/groups', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }),
  });
}

export function useUpdateGroup() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { id: string; changes: UpdateGroupInput }) =>
      apiRequest<UserGroup>('PATCH', groupPath(params.id), params.changes),
    onSuccess: () => invalidateGroupsAndSession(queryClient),
  });
}

/** Deletes a user group; the server rejects it with a conflict while users are in it. */
export function useDeleteGroup() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (groupId: string) => apiRequest<void>('DELETE', groupPath(groupId)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }),
  });
}

function groupPath(groupId: string): string {
  return `/api/groups/${encodeURIComponent(groupId)}`;
}

/**
 * Refetches the groups, the users (they show their group's name) and the
 * session: an administrator who edits their own group changes their own
 * permissions.
 */
function invalidateGroupsAndSession(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: groupsKey }),
    queryClient.invalidateQueries({ queryKey: ['users'] }),
    queryClient.invalidateQueries({ queryKey: ['session'] }),
  ]);
}
