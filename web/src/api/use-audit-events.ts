import { useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { AuditEventPage } from './types.ts';

/** Search terms of the audit log; empty strings are left out of the request. */
export interface AuditFilters {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** First day, as 'YYYY-MM-DD'. */
  from: string;
  /** Last day, as 'YYYY-MM-DD'. */
  to: string;
  /** Text to find in the event's before and after values. */
  q: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** Audit events, newest first, a page at a time: the next page starts at the server's cursor. */
export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit-events', filters],
    queryFn: ({ pageParam }) =>
      apiRequest<AuditEventPage>(
        'GET',
        withQuery('/api/audit-events', { ...filters, limit: AUDIT_PAGE_SIZE, before: pageParam }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
