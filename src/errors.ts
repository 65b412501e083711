/**
 * The catalogue of application errors. Each code is stable (clients and
 * scripts may depend on it) and maps to one HTTP status and one CLI exit
 * code; the HTTP layer and the CLI read these tables and nothing else.
 */
export const errorCatalogue = {
  invalid_input: { status: 400, exitCode: 2 },
  invalid_arguments: { status: 400, exitCode: 2 },
  payload_too_large: { status: 413, exitCode: 2 },
  import_rejected: { status: 422, exitCode: 2 },
  unauthenticated: { status: 401, exitCode: 1 },
  totp_required: { status: 401, exitCode: 1 },
  forbidden: { status: 403, exitCode: 1 },
  not_found: { status: 404, exitCode: 1 },
  conflict: { status: 409, exitCode: 2 },
  not_live: { status: 409, exitCode: 2 },
  already_exists: { status: 409, exitCode: 2 },
  organisation_ambiguous: { status: 400, exitCode: 2 },
  csrf_failed: { status: 403, exitCode: 1 },
  rate_limited: { status: 429, exitCode: 1 },
  delivery_failed: { status: 502, exitCode: 1 },
  internal: { status: 500, exitCode: 1 },
} as const satisfies Record<string, { status: number; exitCode: 0 | 1 | 2 }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Structured detail for clients, such as the rejected rows of an import. */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }

  get exitCode(): 0 | 1 | 2 {
    return errorCatalogue[this.code].exitCode;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
