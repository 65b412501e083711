import type { Executor } from '../db/database.ts';
import type { ArrangementFrequency, ArrangementStatus } from '../db/schema.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { loadActorNames } from '../issues/actor-names.ts';
import { formatDecimal } from '../money/money.ts';
import { portalActor } from '../portal/start-portal-payment.ts';
import type { ArrangementSource } from './create-arrangement.ts';
import { applyPaymentsToInstalments, loadArrangementPayments } from './instalment-progress.ts';

/** An arrangement as the API and the customer card show it; amounts are decimal strings in `currency`. */
export interface ArrangementItem {
  id: string;
  entityCode: string;
  debtor: { id: string; number: string; name: string };
  status: ArrangementStatus;
  source: ArrangementSource;
  currency: string;
  total: string;
  /** Amount that payments after the request settled on the invoices. */
  paid: string;
  frequency: ArrangementFrequency;
  firstDueDate: PlainDate;
  reminderDaysBefore: number;
  note: string | null;
  /** The actor as stored: a user id, "apikey:<key id>", "portal:<debtor id>" or "cli:<os user>". */
  requestedBy: string;
  /** The requester's display name; the debtor's name for a request from the debtor portal. */
  requestedByName: string;
  requestedAt: string;
  /** The actor who approved, rejected or cancelled the arrangement last. */
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  brokenOn: PlainDate | null;
  completedOn: PlainDate | null;
  invoices: Array<{ id: string; number: string; open: string }>;
  instalments: Array<{
    sequence: number;
    dueDate: PlainDate;
    amount: string;
    /** The part of this instalment that payments so far cover. */
    paid: string;
    status: 'open' | 'paid' | 'missed';
    paidOn: PlainDate | null;
  }>;
}

export interface ArrangementFilter {
  arrangementId?: string | undefined;
  debtorId?: string | undefined;
  entityId?: string | undefined;
  status?: ArrangementStatus | undefined;
}

/** Lists arrangements with their invoices and instalments, newest request first, at most `limit`. */
export async function listArrangements(
  executor: Executor,
  params: ArrangementFilter & { limit?: number },
): Promise<ArrangementItem[]> {
  let query = executor
    .selectFrom('arrangements as a')
    .innerJoin('debtors as d', 'd.id', 'a.debtor_id')
    .innerJoin('entities as e', 'e.id', 'a.entity_id')
    .selectAll('a')
    .select(['e.code as entity_code', 'd.number as debtor_number', 'd.name as debtor_name'])
    .orderBy('a.requested_at', 'desc')
    .orderBy('a.id');
  if (params.arrangementId) {
    query = query.where('a.id', '=', params.arrangementId);
  }
  if (params.debtorId) {
    query = query.where('a.debtor_id', '=', params.debtorId);
  }
  if (params.entityId) {
    query = query.where('a.entity_id', '=', params.entityId);
  }
  if (params.status) {
    query = query.where('a.status', '=', params.status);
  }
  if (params.limit !== undefined) {
    query = query.limit(params.limit);
  }
  const rows = await query.execute();
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((row) => row.id);

  const invoices = await executor
    .selectFrom('arrangement_invoices as ai')
    .innerJoin('invoices as i', 'i.id', 'ai.invoice_id')
    .select(['ai.arrangement_id', 'i.id', 'i.number', 'ai.open_minor'])
    .where('ai.arrangement_id', 'in', ids)
    .orderBy('i.number')
    .execute();
  const instalments = await executor
    .selectFrom('instalments')
    .select(['arrangement_id', 'sequence', 'due_date', 'amount_minor', 'status', 'paid_on'])
    .where('arrangement_id', 'in', ids)
    .orderBy('sequence')
    .execute();
  const payments = await loadArrangementPayments(executor, ids);
  const actorName = await loadActorNames(
    executor,
    rows.flatMap((row) =>
      row.decided_by ? [row.requested_by, row.decided_by] : [row.requested_by],
    ),
  );

  return rows.map((row) => {
    const money = (minor: number) => formatDecimal(minor, row.currency);
    const own = instalments.filter((instalment) => instalment.arrangement_id === row.id);
    const received = payments.get(row.id) ?? [];
    const progress = applyPaymentsToInstalments(
      own.map((instalment) => ({
        sequence: instalment.sequence,
        dueDate: instalment.due_date,
        amountMinor: Number(instalment.amount_minor),
      })),
      received,
    );
    const paidMinor = received.reduce((sum, payment) => sum + payment.amountMinor, 0);
    const nameOf = (actor: string) =>
      actor === portalActor(row.debtor_id) ? row.debtor_name : actorName(actor).name;

    return {
      id: row.id,
      entityCode: row.entity_code,
      debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
      status: row.status,
      source: row.source,
      currency: row.currency,
      total: money(Number(row.total_minor)),
      paid: money(Math.max(0, paidMinor)),
      frequency: row.frequency,
      firstDueDate: row.first_due_date,
      reminderDaysBefore: row.reminder_days_before,
      note: row.note,
      requestedBy: row.requested_by,
      requestedByName: nameOf(row.requested_by),
      requestedAt: row.requested_at.toISOString(),
      decidedBy: row.decided_by,
      decidedByName: row.decided_by ? nameOf(row.decided_by) : null,
      decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
      decisionNote: row.decision_note,
      brokenOn: row.broken_on,
      completedOn: row.completed_on,
      invoices: invoices
        .filter((invoice) => invoice.arrangement_id === row.id)
        .map((invoice) => ({
          id: invoice.id,
          number: invoice.number,
          open: money(Number(invoice.open_minor)),
        })),
      instalments: own.map((instalment, index) => ({
        sequence: instalment.sequence,
        dueDate: instalment.due_date,
        amount: money(Number(instalment.amount_minor)),
        paid: money(progress[index]?.paidMinor ?? 0),
        status: instalment.status,
        paidOn: instalment.paid_on,
      })),
    };
  });
}
