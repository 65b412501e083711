import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from './client.ts';
import type { AccountLink, InvitedUser, User } from './types.ts';

export interface InviteUserInput {
  username: string;
  email: string;
  name: string;
  language: string;
  /** Slug of the user group. */
  group: string;
  /** Omitted for every entity. */
  entityIds?: string[];
  departmentId?: string | null;
}

export interface UpdateUserInput {
  email?: string;
  name?: string;
  language?: string;
  group?: string;
  /** null gives the user every entity. */
  entityIds?: string[] | null;
  departmentId?: string | null;
  isActive?: boolean;
}

const usersKey = ['users'] as const;

/** Fetches the organisation's users; pass `enabled: false` when the viewer lacks users.read. */
export function useUsers(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: usersKey,
    queryFn: () => apiRequest<User[]>('GET', '/api/users'),
    enabled: options.enabled ?? true,
  });
}

/** Fetches one user; pass `enabled: false` when the viewer lacks users.read. */
export function useUser(userId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...usersKey, userId],
    queryFn: () => apiRequest<User>('GET', userPath(userId)),
    enabled: options.enabled ?? true,
  });
}

/** Invites a user: the server creates the account and returns the invitation link. */
export function useInviteUser() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (input: InviteUserInput) => apiRequest<InvitedUser>('POST', '/api/users', input),
    onSuccess: () => invalidateUserLists(queryClient),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { id: string; changes: UpdateUserInput }) =>
      apiRequest<User>('PATCH', userPath(params.id), params.changes),
    onSuccess: () => invalidateUserLists(queryClient),
  });
}

/** Sends a new invitation; earlier invitation links of the user stop working. */
export function useResendInvitation() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (userId: string) =>
      apiRequest<AccountLink>('POST', `${userPath(userId)}/invitation`),
    onSuccess: () => invalidateUserLists(queryClient),
  });
}

/** Creates a password-reset link for the user. */
export function useCreatePasswordReset() {
  return useMutation({
    mutationFn: (userId: string) =>
      apiRequest<AccountLink>('POST', `${userPath(userId)}/password-reset`),
  });
}

/** Turns off a user's two-factor authentication, such as after a lost phone. */
export function useTurnOffUserTotp() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (userId: string) => apiRequest<void>('DELETE', `${userPath(userId)}/totp`),
    onSuccess: () => invalidateUserLists(queryClient),
  });
}

function userPath(userId: string): string {
  return `/api/users/${encodeURIComponent(userId)}`;
}

/** Users and groups change together: a group's user count follows its members. */
function invalidateUserLists(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: usersKey }),
    queryClient.invalidateQueries({ queryKey: ['groups'] }),
  ]);
}
