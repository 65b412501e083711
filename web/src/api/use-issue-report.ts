import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import type { Decimal } from './types.ts';

export const issueAgeBuckets = ['0-7', '8-14', '15-30', '31-60', '61+'] as const;

export type IssueAgeBucket = (typeof issueAgeBuckets)[number];

export const issueReportOutcomes = [
  'favour_debtor',
  'favour_creditor',
  'partly',
  'rejected',
] as const;

export type IssueReportOutcome = (typeof issueReportOutcomes)[number];

export interface CurrencyAmount {
  currency: string;
  amount: Decimal;
}

/** A number of issues and the open amount of their invoices per currency. */
export interface IssueTally {
  count: number;
  amounts: CurrencyAmount[];
}

export interface ReportCategory {
  id: string;
  name: string;
  names: Record<string, string>;
  processName: string;
  processNames: Record<string, string>;
}

export interface OutcomeCount {
  outcome: IssueReportOutcome;
  count: number;
}

export interface ClosedCategory {
  category: ReportCategory;
  target: { daysToResolve: number; dayKind: 'calendar' | 'working' };
  count: number;
  averageDays: number;
  /** 90th percentile of the days from opening to closing, nearest-rank method. */
  p90Days: number;
  inTimeCount: number;
  inTimePercent: number;
  outcomes: OutcomeCount[];
}

/** The body of GET /api/reports/issues. */
export interface IssueReport {
  from: string;
  to: string;
  entities: Array<{ entityCode: string; asOf: string }>;
  open: {
    total: IssueTally;
    byCategory: Array<{ category: ReportCategory } & IssueTally>;
    byDepartment: Array<{ department: { id: string; name: string } | null } & IssueTally>;
    byAge: Array<{ bucket: IssueAgeBucket } & IssueTally>;
  };
  onHold: Array<CurrencyAmount & { invoiceCount: number }>;
  closed: { count: number; byCategory: ClosedCategory[]; outcomes: OutcomeCount[] };
  openedByMonth: {
    months: string[];
    categories: Array<{ category: ReportCategory; counts: number[]; total: number }>;
  };
}

/** Fetches the issue report of an entity; without `from` and `to` the server picks the last twelve months. */
export function useIssueReport(params: { entity: string; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['issue-report', params],
    queryFn: () => apiRequest<IssueReport>('GET', withQuery('/api/reports/issues', params)),
    placeholderData: keepPreviousData,
  });
}
