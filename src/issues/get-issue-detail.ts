import type { Principal } from '../access/principal.ts';
import type { Executor } from '../db/database.ts';
import type { DayKind, IssueEventKind, IssueOutcome } from '../db/schema.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';
import { todayForEntity } from '../dunning/today-for-entity.ts';
import { AppError } from '../errors.ts';
import { selectOpenInvoices } from '../invoices/open-invoices.ts';
import { formatDecimal } from '../money/money.ts';
import { loadActorNames, type NamedActor } from './actor-names.ts';
import { whereIssueVisible } from './issue-access.ts';
import { selectIssueRows, summarizeIssues, type IssueSummary } from './issue-summaries.ts';

export interface IssueInvoice {
  id: string;
  number: string;
  invoiceDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  amount: string;
  /** Open amount on the entity's today; "0.00" for an invoice paid since the issue was registered. */
  open: string;
}

export interface IssueDetail extends Omit<IssueSummary, 'category'> {
  category: IssueSummary['category'] & {
    daysToResolve: number;
    dayKind: DayKind;
    resumeAfterDays: number;
  };
  outcome: IssueOutcome | null;
  creditNoteExpected: boolean;
  resolution: string;
  /** closed_on + the category's resume_after_days: the first day a reminder may go out again. */
  resumesOn: PlainDate | null;
  invoices: IssueInvoice[];
  notes: Array<{
    id: string;
    body: string;
    sharedWithDebtor: boolean;
    createdBy: NamedActor;
    createdAt: string;
  }>;
  attachments: Array<{
    id: string;
    fileName: string;
    contentType: string;
    sizeBytes: number;
    createdBy: NamedActor;
    createdAt: string;
  }>;
  history: Array<{
    id: string;
    kind: IssueEventKind;
    actor: NamedActor;
    details: Record<string, unknown>;
    createdAt: string;
  }>;
}

/**
 * Reads everything about an issue the principal may see: the summary, the
 * invoices with their open amounts on the entity's today, notes and
 * attachments (oldest first) and the history in the order it happened.
 * An issue the principal may not see is not_found.
 */
export async function getIssueDetail(
  executor: Executor,
  principal: Principal,
  params: { issueId: string; now: Date },
): Promise<IssueDetail> {
  const visible = whereIssueVisible(executor.selectFrom('issues as i'), principal)
    .select('i.id')
    .where('i.id', '=', params.issueId);
  const row = await selectIssueRows(executor).where('i.id', 'in', visible).executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Issue ${params.issueId} does not exist.`);
  }
  const [summary] = await summarizeIssues(executor, [row], params.now);
  if (!summary) {
    throw new Error(`issue ${row.id} has no summary`);
  }
  const today = todayForEntity({ time_zone: row.entity_time_zone }, params.now);
  const invoices = await loadIssueInvoices(executor, {
    issueId: row.id,
    entityId: row.entity_id,
    debtorId: row.debtor_id,
    wholeDebtor: summary.wholeDebtor,
    asOf: today,
  });
  const notes = await executor
    .selectFrom('issue_notes')
    .select(['id', 'body', 'shared_with_debtor', 'created_by', 'created_at'])
    .where('issue_id', '=', row.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const attachments = await executor
    .selectFrom('issue_attachments')
    .select(['id', 'file_name', 'content_type', 'size_bytes', 'created_by', 'created_at'])
    .where('issue_id', '=', row.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const events = await executor
    .selectFrom('issue_events')
    .select(['id', 'kind', 'actor', 'details', 'created_at'])
    .where('issue_id', '=', row.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const actorName = await loadActorNames(executor, [
    ...notes.map((note) => note.created_by),
    ...attachments.map((attachment) => attachment.created_by),
    ...events.map((event) => event.actor),
  ]);

  return {
    ...summary,
    category: {
      ...summary.category,
      daysToResolve: row.days_to_resolve,
      dayKind: row.day_kind,
      resumeAfterDays: row.resume_after_days,
    },
    outcome: row.outcome,
    creditNoteExpected: row.credit_note_expected,
    resolution: row.resolution,
    resumesOn: row.closed_on === null ? null : addDays(row.closed_on, row.resume_after_days),
    invoices,
    notes: notes.map((note) => ({
      id: note.id,
      body: note.body,
      sharedWithDebtor: note.shared_with_debtor,
      createdBy: actorName(note.created_by),
      createdAt: new Date(note.created_at).toISOString(),
    })),
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      fileName: attachment.file_name,
      contentType: attachment.content_type,
      sizeBytes: attachment.size_bytes,
      createdBy: actorName(attachment.created_by),
      createdAt: new Date(attachment.created_at).toISOString(),
    })),
    history: events.map((event) => ({
      id: event.id,
      kind: event.kind,
      actor: actorName(event.actor),
      details: event.details,
      createdAt: new Date(event.created_at).toISOString(),
    })),
  };
}

/**
 * Lists the invoices of an issue by due date and number: the linked ones
 * with their open amount on `asOf` (zero once paid or closed), or for a
 * whole-debtor issue the debtor's invoices that are open on `asOf`.
 */
async function loadIssueInvoices(
  executor: Executor,
  params: {
    issueId: string;
    entityId: string;
    debtorId: string;
    wholeDebtor: boolean;
    asOf: PlainDate;
  },
): Promise<IssueInvoice[]> {
  const open = await selectOpenInvoices(executor, {
    entityId: params.entityId,
    debtorId: params.debtorId,
    asOf: params.asOf,
  }).execute();
  const openById = new Map(open.map((invoice) => [invoice.id, invoice.open_minor]));
  const rows = params.wholeDebtor
    ? open
    : await executor
        .selectFrom('invoices as i')
        .innerJoin('issue_invoices as ii', 'ii.invoice_id', 'i.id')
        .select([
          'i.id',
          'i.number',
          'i.invoice_date',
          'i.due_date',
          'i.currency',
          'i.amount_minor',
        ])
        .where('ii.issue_id', '=', params.issueId)
        .execute();

  return [...rows]
    .sort((a, b) => a.due_date.localeCompare(b.due_date) || a.number.localeCompare(b.number))
    .map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      invoiceDate: invoice.invoice_date,
      dueDate: invoice.due_date,
      currency: invoice.currency,
      amount: formatDecimal(invoice.amount_minor, invoice.currency),
      open: formatDecimal(openById.get(invoice.id) ?? 0, invoice.currency),
    }));
}
