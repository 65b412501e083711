import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { apiRequest, readError, withQuery } from './client.ts';
import type { Decimal, Session } from './types.ts';
import { sessionKey } from './use-session.ts';

export const openIssueStatuses = ['new', 'in_progress', 'waiting_for_debtor'] as const;

export const closedIssueStatuses = ['resolved', 'rejected'] as const;

export type IssueStatus = (typeof openIssueStatuses)[number] | (typeof closedIssueStatuses)[number];

/** A status filter of the issue list: a group of statuses or one status. */
export type IssueStatusFilter = 'open' | 'closed' | 'all' | IssueStatus;

export const issueOutcomes = ['favour_creditor', 'favour_debtor', 'partly'] as const;

export type IssueOutcome = (typeof issueOutcomes)[number];

/** Who did something: the stored actor (a user id, "apikey:<id>", "portal", ...) and a name to show. */
export interface IssueActor {
  actor: string;
  name: string | null;
}

/** Category names: `name` where `names` (language code to name) has no entry for the UI language. */
export interface LocalizedName {
  name: string;
  names: Record<string, string>;
}

export interface IssueSummary {
  id: string;
  number: number;
  entityCode: string;
  status: IssueStatus;
  source: 'user' | 'portal' | 'api';
  debtor: { id: string; number: string; name: string };
  category: LocalizedName & { id: string; processName: string; pausesDunning: boolean };
  department: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  description: string;
  deadline: string;
  openedOn: string;
  openedAt: string;
  openedBy: IssueActor;
  closedOn: string | null;
  /** Open and the deadline is before the entity's today. */
  overdue: boolean;
  escalated: boolean;
  /** True when the issue has no invoices of its own and concerns all the debtor's invoices. */
  wholeDebtor: boolean;
  invoiceCount: number;
  currency: string;
  /** Open amount of the issue's invoices (of all the debtor's invoices for a whole-debtor issue). */
  openTotal: Decimal;
}

export interface IssueInvoice {
  id: string;
  number: string;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  amount: Decimal;
  open: Decimal;
}

export interface IssueNote {
  id: string;
  body: string;
  sharedWithDebtor: boolean;
  createdBy: IssueActor;
  createdAt: string;
}

export interface IssueAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdBy: IssueActor;
  createdAt: string;
}

export interface IssueEvent {
  id: string;
  kind: string;
  actor: IssueActor;
  /** Kind-specific facts, mostly {before, after}. */
  details: Record<string, unknown>;
  createdAt: string;
}

export interface IssueDetail extends Omit<IssueSummary, 'category'> {
  outcome: IssueOutcome | null;
  creditNoteExpected: boolean;
  resolution: string;
  /** The first date dunning may remind the invoices again after the issue closed; null when open. */
  resumesOn: string | null;
  category: IssueSummary['category'] & {
    daysToResolve: number;
    dayKind: 'calendar' | 'working';
    resumeAfterDays: number;
  };
  invoices: IssueInvoice[];
  notes: IssueNote[];
  attachments: IssueAttachment[];
  history: IssueEvent[];
}

export interface IssueCategoryOption extends LocalizedName {
  id: string;
  processId: string;
  processName: string;
  processNames: Record<string, string>;
  pausesDunning: boolean;
  daysToResolve: number;
  dayKind: 'calendar' | 'working';
  departmentId: string | null;
  assigneeUserId: string | null;
  portalSelectable: boolean;
}

export interface IssueAssignees {
  departments: { id: string; name: string }[];
  users: { id: string; name: string; departmentId: string | null }[];
}

export interface IssueListParams {
  entity: string;
  status: IssueStatusFilter;
  departmentId?: string;
  /** 'me', 'none' or a user id. */
  assignee?: string;
  categoryId?: string;
  debtorId?: string;
  overdue?: boolean;
  limit?: number;
  offset?: number;
}

export interface NewIssue {
  entity: string;
  debtorId: string;
  /** Empty: the issue concerns the whole debtor. */
  invoiceIds: string[];
  categoryId: string;
  description: string;
  departmentId: string | null;
  assigneeUserId: string | null;
}

export interface IssueChange {
  status?: (typeof openIssueStatuses)[number];
  departmentId?: string | null;
  assigneeUserId?: string | null;
  categoryId?: string;
  description?: string;
  deadline?: string;
}

/** Largest attachment the server accepts: 10 MiB. */
export const maxAttachmentBytes = 10 * 1024 * 1024;

const issuesKey = ['issues'] as const;

function issuePath(issueId: string, rest = ''): string {
  return `/api/issues/${encodeURIComponent(issueId)}${rest}`;
}

export function useIssues(params: IssueListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: [...issuesKey, 'list', params],
    queryFn: () =>
      apiRequest<{ issues: IssueSummary[]; total: number }>(
        'GET',
        withQuery('/api/issues', {
          ...params,
          overdue: params.overdue ? 'true' : undefined,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useIssue(issueId: string) {
  return useQuery({
    queryKey: [...issuesKey, 'detail', issueId],
    queryFn: () => apiRequest<IssueDetail>('GET', issuePath(issueId)),
  });
}

export function useIssueCategories() {
  return useQuery({
    queryKey: [...issuesKey, 'categories'],
    queryFn: () => apiRequest<IssueCategoryOption[]>('GET', '/api/issues/categories'),
  });
}

export function useIssueAssignees() {
  return useQuery({
    queryKey: [...issuesKey, 'assignees'],
    queryFn: () => apiRequest<IssueAssignees>('GET', '/api/issues/assignees'),
  });
}

/**
 * Reloads everything an issue change can alter: the issue lists and details,
 * the start screen's overdue issues and the debtor card, whose invoices show
 * the holds of pausing issues.
 */
function invalidateAfterChange(queryClient: QueryClient): Promise<unknown> {
  return Promise.all(
    [issuesKey, ['home'], ['debtor']].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/** Puts a changed issue into the cache of its detail, then reloads the rest. */
function useIssueMutation<Variables>(request: (variables: Variables) => Promise<IssueDetail>) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: request,
    onSuccess: (issue) => {
      queryClient.setQueryData([...issuesKey, 'detail', issue.id], issue);
      return invalidateAfterChange(queryClient);
    },
  });
}

export function useCreateIssue() {
  return useIssueMutation((issue: NewIssue) =>
    apiRequest<IssueDetail>('POST', '/api/issues', issue),
  );
}

export function useUpdateIssue(issueId: string) {
  return useIssueMutation((change: IssueChange) =>
    apiRequest<IssueDetail>('PATCH', issuePath(issueId), change),
  );
}

export function useResolveIssue(issueId: string) {
  return useIssueMutation(
    (resolution: { outcome: IssueOutcome; creditNoteExpected: boolean; resolution: string }) =>
      apiRequest<IssueDetail>('POST', issuePath(issueId, '/resolve'), resolution),
  );
}

export function useRejectIssue(issueId: string) {
  return useIssueMutation((resolution: string) =>
    apiRequest<IssueDetail>('POST', issuePath(issueId, '/reject'), { resolution }),
  );
}

export function useReopenIssue(issueId: string) {
  return useIssueMutation(() => apiRequest<IssueDetail>('POST', issuePath(issueId, '/reopen'), {}));
}

export function useAddIssueNote(issueId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (note: { body: string; sharedWithDebtor: boolean }) =>
      apiRequest<IssueNote>('POST', issuePath(issueId, '/notes'), note),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...issuesKey, 'detail', issueId] }),
  });
}

export function useUploadIssueAttachment(issueId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return postForm<IssueAttachment>(queryClient, issuePath(issueId, '/attachments'), form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...issuesKey, 'detail', issueId] }),
  });
}

export function useDeleteIssueAttachment(issueId: string) {
  const queryClient = useQueryClient();

  return useMutation({
    mutationFn: (attachmentId: string) =>
      apiRequest<void>(
        'DELETE',
        issuePath(issueId, `/attachments/${encodeURIComponent(attachmentId)}`),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...issuesKey, 'detail', issueId] }),
  });
}

/** The address of an attachment's content, for a download link. */
export function attachmentUrl(issueId: string, attachmentId: string): string {
  return issuePath(issueId, `/attachments/${encodeURIComponent(attachmentId)}`);
}

/**
 * Posts a multipart form with the session's CSRF token; the browser sets the
 * content type with its boundary. A rejected upload keeps the server's
 * message, which names the file and the allowed types.
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
