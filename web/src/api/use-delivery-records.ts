import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { apiRequest, readError } from './client.ts';
import type { Session } from './types.ts';
import { sessionKey } from './use-session.ts';

/** The stored copy (PDF) of an invoice, without its content. */
export interface InvoiceDocument {
  invoiceId: string;
  fileName: string;
  byteSize: number;
  uploadedBy: string;
  uploadedAt: string;
}

/** An e-mail address that a bounce flagged as unusable for the debtor. */
export interface InvalidEmailAddress {
  address: string;
  messageId: string | null;
  reason: string | null;
  flaggedAt: string;
}

const documentsKey = (debtorId: string) => ['invoice-documents', debtorId] as const;
const invalidAddressesKey = (debtorId: string) => ['invalid-email-addresses', debtorId] as const;

/** The address of an invoice's stored copy, for a download link. */
export function invoiceDocumentUrl(invoiceId: string): string {
  return `/api/invoices/${encodeURIComponent(invoiceId)}/document`;
}

export function useInvoiceDocuments(debtorId: string) {
  return useQuery({
    queryKey: documentsKey(debtorId),
    queryFn: () =>
      apiRequest<InvoiceDocument[]>(
        'GET',
        `/api/debtors/${encodeURIComponent(debtorId)}/invoice-documents`,
      ),
  });
}

export function useUploadInvoiceDocument(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (upload: { invoiceId: string; file: File }) => {
      const form = new FormData();
      form.append('file', upload.file);
      return putForm<InvoiceDocument>(queryClient, invoiceDocumentUrl(upload.invoiceId), form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentsKey(debtorId) }),
  });
}

export function useRemoveInvoiceDocument(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (invoiceId: string) => apiRequest<void>('DELETE', invoiceDocumentUrl(invoiceId)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentsKey(debtorId) }),
  });
}

export function useInvalidEmailAddresses(debtorId: string) {
  return useQuery({
    queryKey: invalidAddressesKey(debtorId),
    queryFn: () =>
      apiRequest<InvalidEmailAddress[]>(
        'GET',
        `/api/debtors/${encodeURIComponent(debtorId)}/invalid-email-addresses`,
      ),
  });
}

export function useClearInvalidEmailAddress(debtorId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (address: string) =>
      apiRequest<void>(
        'DELETE',
        `/api/debtors/${encodeURIComponent(debtorId)}/invalid-email-addresses/${encodeURIComponent(address)}`,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidAddressesKey(debtorId) }),
  });
}

/**
 * Sends a multipart form with PUT and the session's CSRF token; the browser
 * sets the content type with its boundary. A rejected upload keeps the
 * server's message, which states what is wrong with the file.
 */
async function putForm<T>(queryClient: QueryClient, path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrfToken = queryClient.getQueryData<Session | null>(sessionKey)?.csrfToken;
  if (csrfToken) {
    headers['x-csrf-token'] = csrfToken;
  }

  const response = await fetch(path, {
    method: 'PUT',
    headers,
    credentials: 'same-origin',
    body: form,
  });
  if (!response.ok) {
    throw await readError(response);
  }
  return (await response.json()) as T;
}
