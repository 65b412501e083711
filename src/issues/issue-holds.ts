import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { LocalizedNames } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';

/** The issue that keeps an invoice out of dunning, and until when. */
export interface IssueHold {
  issueId: string;
  issueNumber: number;
  categoryName: string;
  /** The category's names by language code; categoryName applies where a language has none. */
  categoryNames: LocalizedNames;
  /** Whether the issue is still open, or closed and in its resume delay. */
  status: 'open' | 'resuming';
  /** The closing status of the issue; null while it is open. */
  closedAs: 'resolved' | 'rejected' | null;
  closedOn: PlainDate | null;
  /** The first date dunning may remind again: closed_on + the category's resume_after_days; null while open. */
  resumesOn: PlainDate | null;
}

interface HoldRow {
  invoice_id: string;
  issue_id: string;
  issue_number: number;
  category_name: string;
  category_names: LocalizedNames;
  issue_status: string;
  closed_on: PlainDate | null;
  resumes_on: PlainDate | null;
}

/**
 * Loads the invoices of an entity that issues hold out of dunning on
 * `asOf`, by invoice id. An issue of a category with pauses_dunning holds
 * the invoices in its issue_invoices rows, or every invoice of its debtor in
 * the entity when it has none (a whole-debtor issue). It holds them while it
 * is open, and after it closes until closed_on + resume_after_days, that
 * date excluded. Invoices closed on or before `asOf` are left out. When
 * several issues hold one invoice, an open issue wins over a closed one, then
 * the latest resume date, then the lowest issue number.
 *
 * NOTE: the issue's opened_on is not compared with `asOf`, so a run for a
 * past date applies the issues in their current state.
 *
 * `debtorIds` limits the result to those debtors; an empty list returns
 * nothing. The whole set is one query, so its cost grows with the number of
 * holding issues and their invoices, not with the entity's invoices.
 */
export async function loadIssueHolds(
  executor: Executor,
  params: { entityId: string; asOf: PlainDate; debtorIds?: readonly string[] },
): Promise<Map<string, IssueHold>> {
  if (params.debtorIds && params.debtorIds.length === 0) {
    return new Map();
  }
  const debtorFilter = params.debtorIds
    ? sql`and iss.debtor_id = any(${[...params.debtorIds]}::uuid[])`
    : sql``;
  const openInvoice = sql`(inv.closed_on is null or inv.closed_on > ${params.asOf}::date)`;

  const result = await sql<HoldRow>`
    with holding as (
      select iss.id, iss.number, iss.debtor_id, iss.entity_id, iss.status, iss.closed_on,
             c.name as category_name, c.names as category_names,
             iss.closed_on + c.resume_after_days as resumes_on
      from issues iss
      join issue_categories c on c.id = iss.category_id
      where iss.entity_id = ${params.entityId}
        and c.pauses_dunning
        and (iss.closed_on is null or ${params.asOf}::date < iss.closed_on + c.resume_after_days)
        ${debtorFilter}
    ),
    held as (
      select h.*, ii.invoice_id
      from holding h
      join issue_invoices ii on ii.issue_id = h.id
      join invoices inv on inv.id = ii.invoice_id
      where ${openInvoice}
      union all
      select h.*, inv.id as invoice_id
      from holding h
      join invoices inv on inv.debtor_id = h.debtor_id and inv.entity_id = h.entity_id
      where not exists (select 1 from issue_invoices x where x.issue_id = h.id)
        and ${openInvoice}
    )
    select distinct on (invoice_id)
      invoice_id, id as issue_id, number as issue_number, category_name, category_names,
      status as issue_status, closed_on, resumes_on
    from held
    order by invoice_id, (closed_on is null) desc, resumes_on desc, number
  `.execute(executor);

  const holds = new Map<string, IssueHold>();
  for (const row of result.rows) {
    const closedAs =
      row.issue_status === 'resolved' || row.issue_status === 'rejected' ? row.issue_status : null;
    holds.set(row.invoice_id, {
      issueId: row.issue_id,
      issueNumber: Number(row.issue_number),
      categoryName: row.category_name,
      categoryNames: row.category_names,
      status: row.closed_on === null ? 'open' : 'resuming',
      closedAs,
      closedOn: row.closed_on,
      resumesOn: row.resumes_on,
    });
  }

  return holds;
}

/**
 * Describes an issue hold in one English sentence, as the dunning run
 * stores it: "Issue 12 (Wrong price) is open", or "Issue 12 was resolved on
 * 2026-12-01; dunning resumes on 2026-12-08".
 */
export function describeIssueHold(hold: IssueHold): string {
  if (hold.status === 'open') {
    return `Issue ${hold.issueNumber} (${hold.categoryName}) is open`;
  }

  return `Issue ${hold.issueNumber} was ${hold.closedAs ?? 'closed'} on ${hold.closedOn}; dunning resumes on ${hold.resumesOn}`;
}
