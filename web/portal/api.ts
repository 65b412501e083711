/**
 * An error response of the portal API: its status, stable error code and,
 * when the server gives them, the message key and parameters to translate.
 */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly key?: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/**
 * Returns the message of a failed call in the page language: the translation
 * of the server's message key under `errors`, or else the server's English
 * text inside the general `errors.fallback` sentence.
 */
export function describePortalError(
  caught: unknown,
  t: (key: string, options?: Record<string, unknown>) => string,
  exists: (key: string) => boolean,
): string {
  const detail = caught instanceof Error ? caught.message : String(caught);
  if (caught instanceof PortalApiError && caught.key && exists(`errors.${caught.key}`)) {
    return t(`errors.${caught.key}`, caught.params);
  }
  return t('errors.fallback', { detail });
}

let csrfToken = '';

/** Stores the session's CSRF token, which every POST sends in the x-csrf-token header. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Calls the portal API under /api/portal and returns the parsed JSON body. */
export async function portalApi<T>(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const response = await fetch(`/api/portal${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      ...(method === 'POST'
        ? { 'content-type': 'application/json', 'x-csrf-token': csrfToken }
        : {}),
    },
    ...(method === 'POST' ? { body: JSON.stringify(init.body ?? {}) } : {}),
  });
  if (response.status === 204) {
    return undefined as T;
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (
      body as {
        error?: {
          code?: string;
          message?: string;
          key?: string;
          params?: Record<string, string | number>;
        };
      } | null
    )?.error;
    throw new PortalApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? response.statusText,
      error?.key,
      error?.params,
    );
  }

  return body as T;
}
