/**
 * The one fetch wrapper of the web app. It sends the session cookie, adds the
 * CSRF token to every non-GET request and turns error responses into ApiError.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The error's `details`, such as `{ fields: [{ field, message }] }` for invalid input. */
    readonly details?: unknown,
    /** The message's catalogue key and parameters, when the server sent them; see describeServerMessage. */
    readonly key?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | undefined;

/** Stores the token from the session response for later non-GET requests. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (method !== 'GET' && csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }

  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  if (!response.ok) {
    throw await readError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

/** Reads an error response: the JSON error body when there is one, else the HTTP status text. */
export async function readError(response: Response): Promise<ApiError> {
  const fallback = new ApiError(response.status, 'http_error', response.statusText);
  try {
    const payload = (await response.json()) as {
      error?: {
        code?: string;
        message?: string;
        details?: unknown;
        key?: string;
        params?: Record<string, string | number>;
      };
    };
    if (payload.error?.code) {
      return new ApiError(
        response.status,
        payload.error.code,
        payload.error.message ?? '',
        payload.error.details,
        payload.error.key,
        payload.error.params,
      );
    }
  } catch {
    // A body that is not JSON (a proxy's error page, say) keeps the HTTP status text.
  }
  return fallback;
}

/** Builds a query string from the defined values only. */
export function withQuery(path: string, params: Record<string, string | number | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();

  return text ? `${path}?${text}` : path;
}
