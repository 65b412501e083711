import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { BookingKind, MatchMethod, PaymentSource } from '../../db/schema.ts';
import type { PlainDate } from '../../dates/plain-date.ts';
import { formatDecimal } from '../../money/money.ts';
import { allocatedMinorSql, remainderMinorSql } from './payment-amounts-sql.ts';
import { recognizeMessage, type MessageDetail } from '../../errors.ts';

/** One payment as the payment screens show it; amounts are decimal strings in `currency`. */
export interface PaymentItem {
  id: string;
  entityId: string;
  entityCode: string;
  paymentDate: PlainDate;
  valueDate: PlainDate | null;
  currency: string;
  /** Negative for money going back (a reversal or return). */
  amount: string;
  /** Allocated to principal and charges; negative on a reversal that undid allocations. */
  allocated: string;
  /** Amount minus allocated. */
  remainder: string;
  remainderMinor: number;
  source: PaymentSource;
  bookingKind: BookingKind;
  matchMethod: MatchMethod | null;
  matchedAt: string | null;
  matchedBy: string | null;
  counterparty: { name: string | null; iban: string | null };
  remittanceText: string | null;
  reference: string | null;
  endToEndId: string | null;
  returnReasonCode: string | null;
  /** The warnings' English texts; warningDetails has them with their catalogue keys. */
  warnings: string[];
  warningDetails: MessageDetail[];
  statement: { id: string; fileName: string } | null;
  debtor: { id: string; number: string; name: string } | null;
  dismissed: { at: string; by: string; reason: string } | null;
}

export interface PaymentFilter {
  entityId?: string | undefined;
  source?: PaymentSource | undefined;
  /** A match method, or 'none' for payments that nothing allocated yet. */
  matchMethod?: MatchMethod | 'none' | undefined;
  /** First and last payment date, inclusive. */
  from?: PlainDate | undefined;
  to?: PlainDate | undefined;
  debtorId?: string | undefined;
  statementId?: string | undefined;
  /**
   * Only the queue of unmatched payments: receipts, reversals and returns
   * from a bank, a provider or typed in, with a remainder and not dismissed.
   */
  unmatchedOnly?: boolean | undefined;
}

/**
 * Order of a payment list by payment date, then booking time. newest: the
 * latest first. oldest: the earliest first, which puts the payments that
 * have waited longest at the top of the queue.
 */
export type PaymentOrder = 'newest' | 'oldest';

export interface PaymentPage {
  limit: number;
  /** Payments to skip in `order` before the first one returned. */
  offset?: number | undefined;
  order?: PaymentOrder | undefined;
}

/** Lists payments in `order` (newest first by default), at most `limit` after skipping `offset`. */
export async function listPayments(
  executor: Executor,
  filter: PaymentFilter & PaymentPage,
): Promise<PaymentItem[]> {
  const direction = filter.order === 'oldest' ? 'asc' : 'desc';
  const rows = await filteredPayments(executor, filter)
    .innerJoin('entities as e', 'e.id', 'p.entity_id')
    .leftJoin('debtors as d', 'd.id', 'p.debtor_id')
    .leftJoin('bank_statements as s', 's.id', 'p.statement_id')
    .select([
      'p.id',
      'p.entity_id',
      'e.code as entity_code',
      'p.payment_date',
      'p.value_date',
      'p.currency',
      'p.amount_minor',
      allocatedMinorSql.as('allocated_minor'),
      'p.source',
      'p.booking_kind',
      'p.match_method',
      sql<Date | string | null>`p.matched_at`.as('matched_at'),
      'p.matched_by',
      'p.counterparty_name',
      'p.counterparty_iban',
      'p.remittance_text',
      'p.reference',
      'p.end_to_end_id',
      'p.return_reason_code',
      'p.warnings',
      's.id as statement_id',
      's.file_name as statement_file_name',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
      sql<Date | string | null>`p.dismissed_at`.as('dismissed_at'),
      'p.dismissed_by',
      'p.dismiss_reason',
    ])
    .orderBy('p.payment_date', direction)
    .orderBy('p.created_at', direction)
    .orderBy('p.id')
    .limit(filter.limit)
    .offset(filter.offset ?? 0)
    .execute();

  return rows.map((row) => {
    const remainderMinor = row.amount_minor - row.allocated_minor;
    return {
      id: row.id,
      entityId: row.entity_id,
      entityCode: row.entity_code,
      paymentDate: row.payment_date,
      valueDate: row.value_date,
      currency: row.currency,
      amount: formatDecimal(row.amount_minor, row.currency),
      allocated: formatDecimal(row.allocated_minor, row.currency),
      remainder: formatDecimal(remainderMinor, row.currency),
      remainderMinor,
      source: row.source,
      bookingKind: row.booking_kind,
      matchMethod: row.match_method,
      matchedAt: toIso(row.matched_at),
      matchedBy: row.matched_by,
      counterparty: { name: row.counterparty_name, iban: row.counterparty_iban },
      remittanceText: row.remittance_text,
      reference: row.reference,
      endToEndId: row.end_to_end_id,
      returnReasonCode: row.return_reason_code,
      warnings: row.warnings,
      warningDetails: row.warnings.map(recognizeMessage),
      statement:
        row.statement_id === null
          ? null
          : { id: row.statement_id, fileName: row.statement_file_name ?? '' },
      debtor:
        row.debtor_id === null
          ? null
          : { id: row.debtor_id, number: row.debtor_number ?? '', name: row.debtor_name ?? '' },
      dismissed:
        row.dismissed_at === null
          ? null
          : {
              at: toIso(row.dismissed_at) ?? '',
              by: row.dismissed_by ?? '',
              reason: row.dismiss_reason ?? '',
            },
    };
  });
}

function toIso(value: Date | string | null): string | null {
  if (value === null) {
    return null;
  }
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** Counts the payments that `filter` selects, for the total beside a page of listPayments. */
export async function countPayments(executor: Executor, filter: PaymentFilter): Promise<number> {
  const row = await filteredPayments(executor, filter)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();

  return Number(row.count);
}

/** Selects the payments `p` that `filter` keeps, for listPayments and countPayments alike. */
function filteredPayments(executor: Executor, filter: PaymentFilter) {
  let query = executor.selectFrom('payments as p');
  if (filter.entityId !== undefined) {
    query = query.where('p.entity_id', '=', filter.entityId);
  }
  if (filter.source !== undefined) {
    query = query.where('p.source', '=', filter.source);
  }
  if (filter.matchMethod === 'none') {
    query = query.where('p.match_method', 'is', null);
  } else if (filter.matchMethod !== undefined) {
    query = query.where('p.match_method', '=', filter.matchMethod);
  }
  if (filter.from !== undefined) {
    query = query.where('p.payment_date', '>=', filter.from);
  }
  if (filter.to !== undefined) {
    query = query.where('p.payment_date', '<=', filter.to);
  }
  if (filter.debtorId !== undefined) {
    query = query.where('p.debtor_id', '=', filter.debtorId);
  }
  if (filter.statementId !== undefined) {
    query = query.where('p.statement_id', '=', filter.statementId);
  }
  if (filter.unmatchedOnly) {
    query = query
      .where('p.dismissed_at', 'is', null)
      .where('p.source', 'in', ['bank', 'provider', 'manual'])
      .where('p.booking_kind', 'in', ['receipt', 'reversal', 'return'])
      .where(sql<boolean>`${remainderMinorSql} <> 0`);
  }

  return query;
}
