import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError } from './client.ts';
import type { Session } from './types.ts';
import { sessionKey } from './use-session.ts';

/** The first rows of an uploaded file and the column mapping the server suggests. */
export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  delimiter: string | null;
  decimalSeparator: '.' | ',' | null;
  /** Detected from the dates in the file, such as "DD-MM-YYYY"; null when none fits. */
  dateFormat: string | null;
  columns: string[];
  /** The first rows after the header, each cell as text. */
  rows: string[][];
  /** Field name to column header. */
  suggestedMapping: Record<string, string>;
  /** Source of the suggestion: the entity's saved mapping, a preset or the header names. */
  mappingSource: 'saved' | 'preset' | 'headers';
  fields: { name: string; required: boolean; description: string }[];
  warnings: string[];
}

/** One problem in an import file: the line (header = line 1), the column and what to change. */
export interface RejectedRow {
  row: number;
  column: string;
  value: string;
  reason: string;
  /** The field the column fills; only in the details of a rejected import. */
  field?: string | null;
}

export interface ImportResult {
  debtors: { new: number; changed: number; unchanged: number };
  invoices: { new: number; changed: number; unchanged: number; closed: number };
  payments: { new: number };
  rejected: RejectedRow[];
  dateFormat: string;
  /** Debtors that moved to another segment by the segment rules. */
  segments: { changed: number };
}

/** An import the server rejected as a whole (422 import_rejected), with every problem. */
export class ImportRejectedError extends ApiError {
  constructor(
    status: number,
    message: string,
    readonly rejected: RejectedRow[],
  ) {
    super(status, 'import_rejected', message);
    this.name = 'ImportRejectedError';
  }
}

export function usePreviewImport() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { file: File; entity: string }) => {
      const form = new FormData();
      form.append('entity', params.entity);
      form.append('file', params.file);
      return postForm<ImportPreview>(queryClient, '/api/imports/preview', form);
    },
  });
}

/**
 * Imports the file with a mapping from field name to column header. The
 * mapping goes to the server as {columns: {header: field}}, the layout of a
 * mapping file.
 */
export function useRunImport() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (params: { file: File; entity: string; mapping: Record<string, string> }) => {
      const columns: Record<string, string> = {};
      for (const [field, column] of Object.entries(params.mapping)) {
        columns[column] = field;
      }
      const form = new FormData();
      form.append('entity', params.entity);
      form.append('mapping', JSON.stringify({ columns }));
      form.append('file', params.file);
      return postForm<ImportResult>(queryClient, '/api/imports', form);
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
}

/**
 * Posts a multipart form with the session's CSRF token. apiRequest in
 * client.ts sends JSON only; the browser sets the multipart content type
 * with its boundary. Fields go before the file, because the server reads
 * the parts in order.
 */
async function postForm<T>(queryClient: QueryClient, path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrfToken = queryClient.getQueryData<Session | null>(sessionKey)?.csrfToken;
  if (csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }

  const response = await fetch(path, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: form,
  });
  if (!response.ok) {
    throw await readError(response);
  }
  return (await response.json()) as T;
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const payload = (await response.json()) as {
      error?: {
        code?: string;
        message?: string;
        details?: { rejected?: RejectedRow[] };
        key?: string;
        params?: Record<string, string | number>;
      };
    };
    const error = payload.error;
    if (error?.code === 'import_rejected') {
      return new ImportRejectedError(
        response.status,
        error.message ?? '',
        error.details?.rejected ?? [],
      );
    }
    if (error?.code) {
      return new ApiError(
        response.status,
        error.code,
        error.message ?? '',
        error.details,
        error.key,
        error.params,
      );
    }
  } catch {
    // A body that is not JSON keeps the HTTP status text.
  }
  return new ApiError(response.status, 'http_error', response.statusText);
}
