import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { sessionKey } from '../api/use-session.ts';

/** One invalid field from error.details.fields of an invalid_input response. */
export interface FieldIssue {
  field: string;
  value?: unknown;
  message: string;
}

/**
 * An API error with the invalid fields the server listed. apiRequest in
 * api/client.ts drops the details, which the entity form needs to mark
 * each field.
 */
export class FieldsError extends ApiError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly fields: FieldIssue[],
  ) {
    super(status, code, message);
    this.name = 'FieldsError';
  }
}

/**
 * Sends a JSON or multipart request with the session's CSRF token and
 * returns the parsed response, or undefined for 204. A FormData body goes
 * out as multipart, with the boundary that the browser sets.
 */
export async function sendEntityRequest<T>(
  queryClient: QueryClient,
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: object | FormData,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrfToken = queryClient.getQueryData<Session | null>(sessionKey)?.csrfToken;
  if (csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }
  if (body !== undefined && !(body instanceof FormData)) {
    headers['content-type'] = 'application/json';
  }

  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });
  if (!response.ok) {
    throw await readFieldsError(response);
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await response.json()) as T;
}

async function readFieldsError(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as {
      error?: { code?: string; message?: string; details?: { fields?: FieldIssue[] } };
    };
    const error = payload.error;
    if (error?.code) {
      return new FieldsError(
        response.status,
        error.code,
        error.message ?? '',
        error.details?.fields ?? [],
      );
    }
  } catch {
    // A body that is not JSON (a proxy's error page, say) keeps the HTTP status text.
  }
  return new ApiError(response.status, 'http_error', response.statusText);
}
