import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiRequest } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { sessionKey } from '../api/use-session.ts';

export type PreviewChannel = 'email' | 'sms' | 'letter';

export interface PreviewRequest {
  entity: string;
  debtorId: string;
  stepId: string;
  language: string;
  channel: PreviewChannel;
}

export type TemplatePreview =
  | { channel: 'email'; language: string; subject: string; html: string; text: string }
  | {
      channel: 'sms';
      language: string;
      text: string;
      encoding: 'GSM-7' | 'UCS-2';
      characters: number;
      segments: number;
    }
  /** A letter comes back as a PDF, shown from an object URL that the screen revokes. */
  | { channel: 'letter'; language: string; pdfUrl: string };

export interface ProfileWithSteps {
  id: string;
  name: string;
  steps: Array<{ id: string; name: string; channel: string; templateKey: string }>;
}

/**
 * Fetches the succession profiles with their step ids, for choosing the step
 * to preview. It shares the query key of useProfiles, because both read
 * GET /api/profiles. NOTE: that route needs settings.read, so a user with
 * dunning.read alone sees no steps to choose.
 */
export function useProfileSteps() {
  return useQuery({
    queryKey: ['profiles'],
    queryFn: () => apiRequest<ProfileWithSteps[]>('GET', '/api/profiles'),
  });
}

/**
 * Renders a step's template for a debtor with POST /api/templates/preview.
 * E-mail and SMS come back as JSON. A letter comes back as a PDF, which
 * apiRequest cannot read, so its request goes through fetch with the
 * session's CSRF token.
 */
export function useTemplatePreview() {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: async (request: PreviewRequest): Promise<TemplatePreview> => {
      if (request.channel !== 'letter') {
        return apiRequest<TemplatePreview>('POST', '/api/templates/preview', request);
      }
      const response = await fetch('/api/templates/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'content-type': 'application/json',
          'x-csrf-token': queryClient.getQueryData<Session | null>(sessionKey)?.csrfToken ?? '',
        },
        body: JSON.stringify(request),
      });
      if (!response.ok) {
        const payload = (await response.json().catch(() => ({}))) as {
          error?: { code?: string; message?: string };
        };
        throw new ApiError(
          response.status,
          payload.error?.code ?? 'http_error',
          payload.error?.message ?? response.statusText,
        );
      }
      const pdfUrl = URL.createObjectURL(await response.blob());
      return {
        channel: 'letter',
        language: response.headers.get('content-language') ?? request.language,
        pdfUrl,
      };
    },
  });
}
