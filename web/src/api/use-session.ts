import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest, setCsrfToken } from './client.ts';
import type { Session } from './types.ts';

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
    mutationFn: (credentials: { username: string; password: string }) =>
      apiRequest<Session>('POST', '/api/session', credentials),
    meta: { isLogin: true },
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
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
