import type { Executor } from '../db/database.ts';
import {
  OPEN_ISSUE_STATUSES,
  type IssueSource,
  type IssueStatus,
  type LocalizedNames,
} from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { formatDecimal } from '../money/money.ts';
import { loadActorNames, type NamedActor } from './actor-names.ts';

export interface IssueSummary {
  id: string;
  number: number;
  entityCode: string;
  status: IssueStatus;
  source: IssueSource;
  debtor: { id: string; number: string; name: string };
  category: {
    id: string;
    name: string;
    names: LocalizedNames;
    processName: string;
    pausesDunning: boolean;
  };
  department: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  description: string;
  deadline: PlainDate;
  openedOn: PlainDate;
  openedAt: string;
  openedBy: NamedActor;
  closedOn: PlainDate | null;
  /** Open and past its deadline on the entity's today. */
  overdue: boolean;
  escalated: boolean;
  /** The issue concerns every invoice of the debtor, also those imported later. */
  wholeDebtor: boolean;
  /** Invoices linked to the issue, or the debtor's open invoices for a whole-debtor issue. */
  invoiceCount: number;
  currency: string;
  /** Open amount of the issue's invoices in the entity currency, as a decimal string. */
  openTotal: string;
}

/**
 * Starts a query of issues (`i`) with everything a summary shows: debtor,
 * entity, category and process, department and assignee. Callers add the
 * filters, the order and the access limit.
 */
export function selectIssueRows(executor: Executor) {
  return executor
    .selectFrom('issues as i')
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .innerJoin('entities as e', 'e.id', 'i.entity_id')
    .innerJoin('issue_categories as c', 'c.id', 'i.category_id')
    .innerJoin('business_processes as bp', 'bp.id', 'c.process_id')
    .leftJoin('departments as dep', 'dep.id', 'i.department_id')
    .leftJoin('users as au', 'au.id', 'i.assignee_user_id')
    .select([
      'i.id',
      'i.number',
      'i.entity_id',
      'e.code as entity_code',
      'e.currency as entity_currency',
      'e.time_zone as entity_time_zone',
      'i.status',
      'i.source',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      'c.id as category_id',
      'c.name as category_name',
      'c.names as category_names',
      'c.pauses_dunning',
      'c.days_to_resolve',
      'c.day_kind',
      'c.resume_after_days',
      'bp.name as process_name',
      'dep.id as department_id',
      'dep.name as department_name',
      'au.id as assignee_id',
      'au.name as assignee_name',
      'i.description',
      'i.deadline',
      'i.opened_on',
      'i.opened_at',
      'i.opened_by',
      'i.closed_on',
      'i.escalated_at',
      'i.outcome',
      'i.credit_note_expected',
      'i.resolution',
    ]);
}

export type IssueRow = Awaited<ReturnType<ReturnType<typeof selectIssueRows>['execute']>>[number];

/**
 * Builds the summaries of `rows`, in their order. Open amounts and
 * "overdue" are computed on each entity's today at `now`. Only invoices in
 * the entity currency count towards openTotal.
 */
export async function summarizeIssues(
  executor: Executor,
  rows: readonly IssueRow[],
  now: Date,
): Promise<IssueSummary[]> {
  if (rows.length === 0) {
    return [];
  }
  const links = await executor
    .selectFrom('issue_invoices')
    .select(['issue_id', 'invoice_id'])
    .where(
      'issue_id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  const linkedInvoices = new Map<string, string[]>();
  for (const link of links) {
    linkedInvoices.set(link.issue_id, [
      ...(linkedInvoices.get(link.issue_id) ?? []),
      link.invoice_id,
    ]);
  }
  const openInvoices = await loadOpenInvoices(executor, rows, now);
  const actorName = await loadActorNames(
    executor,
    rows.map((row) => row.opened_by),
  );

  return rows.map((row) => {
    const today = todayForEntity({ time_zone: row.entity_time_zone }, now);
    const linked = linkedInvoices.get(row.id) ?? [];
    const debtorInvoices = (openInvoices.get(row.debtor_id) ?? []).filter(
      (invoice) => invoice.currency === row.entity_currency,
    );
    const counted =
      linked.length === 0
        ? debtorInvoices
        : debtorInvoices.filter((invoice) => linked.includes(invoice.id));
    const openMinor = counted.reduce((sum, invoice) => sum + invoice.open_minor, 0);
    const isOpen = (OPEN_ISSUE_STATUSES as readonly string[]).includes(row.status);

    return {
      id: row.id,
      number: row.number,
      entityCode: row.entity_code,
      status: row.status,
      source: row.source,
      debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
      category: {
        id: row.category_id,
        name: row.category_name,
        names: row.category_names,
        processName: row.process_name,
        pausesDunning: row.pauses_dunning,
      },
      department:
        row.department_id !== null && row.department_name !== null
          ? { id: row.department_id, name: row.department_name }
          : null,
      assignee:
        row.assignee_id !== null && row.assignee_name !== null
          ? { id: row.assignee_id, name: row.assignee_name }
          : null,
      description: row.description,
      deadline: row.deadline,
      openedOn: row.opened_on,
      openedAt: new Date(row.opened_at).toISOString(),
      openedBy: actorName(row.opened_by),
      closedOn: row.closed_on,
      overdue: isOpen && row.deadline < today,
      escalated: row.escalated_at !== null,
      wholeDebtor: linked.length === 0,
      invoiceCount: linked.length === 0 ? debtorInvoices.length : linked.length,
      currency: row.entity_currency,
      openTotal: formatDecimal(openMinor, row.entity_currency),
    };
  });
}

/** Reads the open invoices of the rows' debtors on each entity's today, by debtor id. */
async function loadOpenInvoices(executor: Executor, rows: readonly IssueRow[], now: Date) {
  const debtorsByEntity = new Map<string, { timeZone: string; debtorIds: Set<string> }>();
  for (const row of rows) {
    const entry = debtorsByEntity.get(row.entity_id) ?? {
      timeZone: row.entity_time_zone,
      debtorIds: new Set<string>(),
    };
    entry.debtorIds.add(row.debtor_id);
    debtorsByEntity.set(row.entity_id, entry);
  }
  const byDebtor = new Map<string, Array<{ id: string; currency: string; open_minor: number }>>();
  for (const [entityId, entry] of debtorsByEntity) {
    const invoices = await selectOpenInvoices(executor, {
      entityId,
      asOf: todayForEntity({ time_zone: entry.timeZone }, now),
    })
      .where('i.debtor_id', 'in', [...entry.debtorIds])
      .execute();
    for (const invoice of invoices) {
      byDebtor.set(invoice.debtor_id, [...(byDebtor.get(invoice.debtor_id) ?? []), invoice]);
    }
  }

  return byDebtor;
}
