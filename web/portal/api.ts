/** An error response of the portal API, with its status and stable error code. */
export class PortalApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
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
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new PortalApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? response.statusText,
    );
  }

  return body as T;
}
