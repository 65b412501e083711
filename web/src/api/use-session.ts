import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError, apiRequest, setCsrfToken } from './client.ts';
import type { Permission, Session } from './types.ts';

export const sessionKey = ['session'] as const;

/** Fetches the signed-in user, or null when there is no session (401). */
export function useSession() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async (): Promise<Session | null> => {
      try {
        const session = await apiRequest<Session>('GET', '/api/session');
        setCsrfToken(session.csrfToken);
        return session;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setCsrfToken(undefined);
          return null;
        }
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

export function useLogIn() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (credentials: { username: string; password: string; totpCode?: string }) =>
      apiRequest<Session>('POST', '/api/session', credentials),
    meta: { isLogin: true },
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // A login from an e-mailed link may replace another user's session in this browser.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, session);
    },
  });
}

export function useLogOut() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: () => apiRequest<void>('DELETE', '/api/session'),
    onSettled: () => {
      setCsrfToken(undefined);
      // The session query stays (now empty) so its observer shows the login form;
      // every other cached response belonged to the user who left.
      queryClient.setQueryData(sessionKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    },
  });
}

/** The signed-in user's permissions, for showing only the screens and buttons they can use. */
export interface Access {
  can(permission: Permission): boolean;
  /** True when the user has at least one of the permissions. */
  canAny(permissions: readonly Permission[]): boolean;
  startScreen: string;
}

/**
 * Returns the signed-in user's permissions. Without a session (on the public
 * pages) the user may do nothing. Hiding a screen is a courtesy: the server
 * checks every request itself.
 */
export function useAccess(): Access {
  const session = useSession();
  const access = session.data?.access;

  return useMemo(() => {
    const granted = new Set<string>(access?.permissions ?? []);
    return {
      can: (permission) => granted.has(permission),
      canAny: (permissions) => permissions.some((permission) => granted.has(permission)),
      startScreen: access?.startScreen ?? 'home',
    };
  }, [access]);
}

/** Returns whether the signed-in user has `permission`. */
export function usePermission(permission: Permission): boolean {
  return useAccess().can(permission);
}
