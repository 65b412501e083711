import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from './client.ts';
import type { AccountToken, TotpEnrolment } from './types.ts';

/**
 * Reads what an invitation or password-reset link is for. Returns null when
 * the server does not know the token (404: wrong, used or expired) or rejects
 * its form (400: a token cut short when the link was copied).
 */
export function useAccountToken(token: string) {
  return useQuery({
    queryKey: ['account-token', token],
    queryFn: async (): Promise<AccountToken | null> => {
      try {
        return await apiRequest<AccountToken>(
          'GET',
          `/api/account/tokens/${encodeURIComponent(token)}`,
        );
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
          return null;
        }
        throw error;
      }
    },
    enabled: token !== '',
    staleTime: Infinity,
  });
}

/** Sets the first password of an invited user; the invitation link is used up. */
export function useAcceptInvitation() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      apiRequest<void>('POST', '/api/account/invitation', input),
  });
}

/** Sets a new password with a password-reset link. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) =>
      apiRequest<void>('POST', '/api/account/password-reset', input),
  });
}

/** Requests a password-reset e-mail. The server returns 204 whether the user exists or not. */
export function useForgotPassword() {
  return useMutation({
    mutationFn: (usernameOrEmail: string) =>
      apiRequest<void>('POST', '/api/account/forgot-password', { usernameOrEmail }),
  });
}

/** Changes the signed-in user's password; the server ends their other sessions. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiRequest<void>('POST', '/api/session/password', input),
  });
}

/** Starts two-factor set-up; it is on only after a code is confirmed. */
export function useStartTotp() {
  return useMutation({
    mutationFn: () => apiRequest<TotpEnrolment>('POST', '/api/account/totp'),
  });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (code: string) => apiRequest<void>('POST', '/api/account/totp/confirm', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useTurnOffTotp() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (code: string) => apiRequest<void>('DELETE', '/api/account/totp', { code }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
