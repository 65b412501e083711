import type { Executor } from '../db/database.ts';
import type { DayKind, LocalizedNames } from '../db/schema.ts';
import { daysBetween, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import {
  selectClosedByCategory,
  selectOpenedByMonth,
  selectOpenIssueItems,
  selectOpenIssues,
  type CategoryColumns,
  type IssueReportScope,
  type OpenIssueRow,
  type OpenItemRow,
} from './issue-report-queries.ts';

/**
 * Issue age buckets by calendar days since opened_on. Each bucket includes
 * its upper edge: an age of 7 days falls in 0-7, and an age of 8 days in 8-14.
 */
export const ISSUE_AGE_BUCKETS = [
  { name: '0-7', maxDays: 7 },
  { name: '8-14', maxDays: 14 },
  { name: '15-30', maxDays: 30 },
  { name: '31-60', maxDays: 60 },
  { name: '61+', maxDays: null },
] as const;

export type IssueAgeBucketName = (typeof ISSUE_AGE_BUCKETS)[number]['name'];

/** The longest period the report accepts, so the months of a report stay a readable list. */
export const MAX_ISSUE_REPORT_DAYS = 3660;

export const ISSUE_REPORT_OUTCOMES = [
  'favour_debtor',
  'favour_creditor',
  'partly',
  'rejected',
] as const;

export type IssueReportOutcome = (typeof ISSUE_REPORT_OUTCOMES)[number];

export interface CurrencyAmount {
  currency: string;
  amountMinor: number;
}

/** A number of issues and the open amount of their invoices per currency, sorted by currency. */
export interface IssueTally {
  count: number;
  amounts: CurrencyAmount[];
}

export interface CategoryRef {
  id: string;
  name: string;
  names: LocalizedNames;
  processName: string;
  processNames: LocalizedNames;
}

export interface ClosedCategoryStatistics {
  category: CategoryRef;
  target: { daysToResolve: number; dayKind: DayKind };
  count: number;
  /** Mean of closed_on minus opened_on in calendar days, rounded to one decimal. */
  averageDays: number;
  /** 90th percentile of the same days by the nearest-rank method. */
  p90Days: number;
  /** Issues closed on or before their deadline. */
  inTimeCount: number;
  /** inTimeCount as a percentage of count, rounded to one decimal. */
  inTimePercent: number;
  outcomes: Array<{ outcome: IssueReportOutcome; count: number }>;
}

export interface IssueReport {
  from: PlainDate;
  to: PlainDate;
  /** The entities of the report and the date their open issues are counted on. */
  entities: Array<{ entityCode: string; asOf: PlainDate }>;
  open: {
    total: IssueTally;
    byCategory: Array<{ category: CategoryRef } & IssueTally>;
    byDepartment: Array<{ department: { id: string; name: string } | null } & IssueTally>;
    byAge: Array<{ bucket: IssueAgeBucketName } & IssueTally>;
  };
  /** Open amounts of the distinct invoices held by open issues of pausing categories. */
  onHold: Array<CurrencyAmount & { invoiceCount: number }>;
  closed: {
    count: number;
    byCategory: ClosedCategoryStatistics[];
    outcomes: Array<{ outcome: IssueReportOutcome; count: number }>;
  };
  openedByMonth: {
    /** Every month of the period as YYYY-MM, oldest first. */
    months: string[];
    /** Issues opened per month, in the order of `months`. */
    categories: Array<{ category: CategoryRef; counts: number[]; total: number }>;
  };
}

export interface IssueReportParams {
  /** The entities to report on, each with its local today. */
  entities: ReadonlyArray<{ entityId: string; entityCode: string; today: PlainDate }>;
  from: PlainDate;
  to: PlainDate;
  /** Set for a user limited to a department: only that department's issues and the user's own. */
  visibility?: IssueReportScope['visibility'];
}

/**
 * Computes the issue report. Open issues, their age and the open amounts
 * are counted on the period's end, or on the entity's today when `to` lies
 * after it. Closed issues are those with closed_on in the period, and the
 * root causes count the issues opened in the period per month. An invoice
 * that several issues of one group concern counts once in that group's
 * amount, and the amounts are per currency.
 */
export async function computeIssueReport(
  executor: Executor,
  params: IssueReportParams,
): Promise<IssueReport> {
  if (params.from > params.to) {
    throw new AppError(
      'invalid_input',
      `The period start ${params.from} is after its end ${params.to}.`,
    );
  }
  if (daysBetween(params.from, params.to) > MAX_ISSUE_REPORT_DAYS) {
    throw new AppError(
      'invalid_input',
      `The period ${params.from} to ${params.to} is longer than ${MAX_ISSUE_REPORT_DAYS} days; choose a shorter one.`,
    );
  }
  const scope: IssueReportScope = {
    entities: params.entities.map((entity) => ({
      entityId: entity.entityId,
      asOf: entity.today < params.to ? entity.today : params.to,
    })),
    visibility: params.visibility,
  };
  const months = monthsBetween(params.from, params.to);
  const report = emptyReport(params, scope, months);
  if (scope.entities.length === 0) {
    return report;
  }

  const period = { from: params.from, to: params.to };
  const openIssues = await selectOpenIssues(executor, scope);
  const openItems = await selectOpenIssueItems(executor, scope);
  report.open = tallyOpenIssues(openIssues, openItems);
  report.onHold = sumOnHold(openIssues, openItems);

  const closedRows = await selectClosedByCategory(executor, scope, period);
  report.closed.byCategory = closedRows.map((row) => ({
    category: categoryOf(row),
    target: { daysToResolve: row.days_to_resolve, dayKind: row.day_kind },
    count: row.closed_count,
    averageDays: row.average_days,
    p90Days: row.p90_days,
    inTimeCount: row.in_time_count,
    inTimePercent: Math.round((row.in_time_count * 1000) / row.closed_count) / 10,
    outcomes: ISSUE_REPORT_OUTCOMES.map((outcome) => ({ outcome, count: row[outcome] })),
  }));
  report.closed.count = closedRows.reduce((sum, row) => sum + row.closed_count, 0);
  report.closed.outcomes = ISSUE_REPORT_OUTCOMES.map((outcome) => ({
    outcome,
    count: closedRows.reduce((sum, row) => sum + row[outcome], 0),
  }));

  const monthRows = await selectOpenedByMonth(executor, scope, period);
  const byCategory = new Map<string, IssueReport['openedByMonth']['categories'][number]>();
  for (const row of monthRows) {
    const entry = byCategory.get(row.category_id) ?? {
      category: categoryOf(row),
      counts: months.map(() => 0),
      total: 0,
    };
    byCategory.set(row.category_id, entry);
    entry.counts[months.indexOf(row.month)] = row.opened_count;
    entry.total += row.opened_count;
  }
  report.openedByMonth.categories = [...byCategory.values()].sort(
    (a, b) => b.total - a.total || a.category.name.localeCompare(b.category.name),
  );

  return report;
}

/** Returns the age bucket of an issue opened `ageDays` calendar days ago. */
export function issueAgeBucketOf(ageDays: number): IssueAgeBucketName {
  const bucket = ISSUE_AGE_BUCKETS.find(
    (candidate) => candidate.maxDays === null || ageDays <= candidate.maxDays,
  );

  return bucket?.name ?? '61+';
}

/**
 * Returns the default period of the report that ends on `to`: twelve
 * calendar months, from the first day of the month eleven months before
 * `to`'s month, so each month of the root-cause chart is a whole month
 * except the current one.
 */
export function defaultIssueReportFrom(to: PlainDate): PlainDate {
  const year = Number(to.slice(0, 4));
  const month = Number(to.slice(5, 7));
  const monthIndex = year * 12 + (month - 1) - 11;

  return `${Math.floor(monthIndex / 12)}-${pad(String((monthIndex % 12) + 1))}-01`;
}

function monthsBetween(from: PlainDate, to: PlainDate): string[] {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${year}-${pad(String(month))}`;
    months.push(key);
    if (key >= last) {
      return months;
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function pad(value: string): string {
  return value.padStart(2, '0');
}

function emptyReport(
  params: IssueReportParams,
  scope: IssueReportScope,
  months: string[],
): IssueReport {
  return {
    from: params.from,
    to: params.to,
    entities: params.entities.map((entity, index) => ({
      entityCode: entity.entityCode,
      asOf: scope.entities[index]?.asOf ?? params.to,
    })),
    open: {
      total: { count: 0, amounts: [] },
      byCategory: [],
      byDepartment: [],
      byAge: ISSUE_AGE_BUCKETS.map((bucket) => ({ bucket: bucket.name, count: 0, amounts: [] })),
    },
    onHold: [],
    closed: {
      count: 0,
      byCategory: [],
      outcomes: ISSUE_REPORT_OUTCOMES.map((outcome) => ({ outcome, count: 0 })),
    },
    openedByMonth: { months, categories: [] },
  };
}

function categoryOf(row: CategoryColumns): CategoryRef {
  return {
    id: row.category_id,
    name: row.category_name,
    names: row.category_names,
    processName: row.process_name,
    processNames: row.process_names,
  };
}

/**
 * Counts a group of issues and sums the open amounts of the distinct
 * invoices they concern, so an invoice of two issues in one group counts once.
 */
function tallyIssues(
  issueIds: readonly string[],
  itemsByIssue: ReadonlyMap<string, OpenItemRow[]>,
): IssueTally {
  const invoices = new Map<string, OpenItemRow>();
  for (const issueId of issueIds) {
    for (const item of itemsByIssue.get(issueId) ?? []) {
      invoices.set(item.invoice_id, item);
    }
  }

  return { count: issueIds.length, amounts: sumByCurrency(invoices.values()) };
}

function sumByCurrency(items: Iterable<OpenItemRow>): CurrencyAmount[] {
  const sums = new Map<string, number>();
  for (const item of items) {
    sums.set(item.currency, (sums.get(item.currency) ?? 0) + item.open_minor);
  }

  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => ({ currency, amountMinor }));
}

function groupIds<K>(
  issues: readonly OpenIssueRow[],
  keyOf: (issue: OpenIssueRow) => K,
): Map<K, { first: OpenIssueRow; ids: string[] }> {
  const groups = new Map<K, { first: OpenIssueRow; ids: string[] }>();
  for (const issue of issues) {
    const key = keyOf(issue);
    const group = groups.get(key) ?? { first: issue, ids: [] };
    groups.set(key, group);
    group.ids.push(issue.id);
  }

  return groups;
}

function byCountThenName<T extends IssueTally>(name: (entry: T) => string) {
  return (a: T, b: T) => b.count - a.count || name(a).localeCompare(name(b));
}

function tallyOpenIssues(
  issues: readonly OpenIssueRow[],
  items: readonly OpenItemRow[],
): IssueReport['open'] {
  const itemsByIssue = new Map<string, OpenItemRow[]>();
  for (const item of items) {
    const list = itemsByIssue.get(item.issue_id) ?? [];
    itemsByIssue.set(item.issue_id, list);
    list.push(item);
  }

  const byCategory = [...groupIds(issues, (issue) => issue.category_id).values()]
    .map((group) => ({
      category: categoryOf(group.first),
      ...tallyIssues(group.ids, itemsByIssue),
    }))
    .sort(byCountThenName((entry) => entry.category.name));
  const byDepartment = [...groupIds(issues, (issue) => issue.department_id).values()]
    .map((group) => ({
      department:
        group.first.department_id && group.first.department_name
          ? { id: group.first.department_id, name: group.first.department_name }
          : null,
      ...tallyIssues(group.ids, itemsByIssue),
    }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        Number(a.department === null) - Number(b.department === null) ||
        (a.department?.name ?? '').localeCompare(b.department?.name ?? ''),
    );
  const ageGroups = groupIds(issues, (issue) => issueAgeBucketOf(issue.age_days));
  const byAge = ISSUE_AGE_BUCKETS.map((bucket) => ({
    bucket: bucket.name,
    ...tallyIssues(ageGroups.get(bucket.name)?.ids ?? [], itemsByIssue),
  }));

  return {
    total: tallyIssues(
      issues.map((issue) => issue.id),
      itemsByIssue,
    ),
    byCategory,
    byDepartment,
    byAge,
  };
}

function sumOnHold(
  issues: readonly OpenIssueRow[],
  items: readonly OpenItemRow[],
): IssueReport['onHold'] {
  const pausing = new Set(issues.filter((issue) => issue.pauses_dunning).map((issue) => issue.id));
  const held = new Map<string, OpenItemRow>();
  for (const item of items) {
    if (pausing.has(item.issue_id)) {
      held.set(item.invoice_id, item);
    }
  }
  const counts = new Map<string, number>();
  for (const item of held.values()) {
    counts.set(item.currency, (counts.get(item.currency) ?? 0) + 1);
  }

  return sumByCurrency(held.values()).map((sum) => ({
    ...sum,
    invoiceCount: counts.get(sum.currency) ?? 0,
  }));
}
