import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { BankStatementTable } from '../db/schema.ts';
import { formatDecimal } from '../money/money.ts';
import { recognizeMessage, type MessageDetail } from '../errors.ts';

/** One imported statement; amounts are decimal strings in the statement's currency. */
export interface BankStatementItem {
  id: string;
  entityId: string;
  entityCode: string;
  fileName: string;
  format: BankStatementTable['format'];
  formatVersion: string | null;
  identification: string;
  sequenceNumber: string | null;
  accountIdentification: string;
  accountIban: string | null;
  currency: string | null;
  openingBalance: string | null;
  openingBalanceDate: string | null;
  closingBalance: string | null;
  closingBalanceDate: string | null;
  transactionCount: number;
  /** Payments of the statement that wait in the queue of unmatched payments. */
  unmatchedCount: number;
  /** The warnings' English texts; warningDetails has them with their catalogue keys. */
  warnings: string[];
  warningDetails: MessageDetail[];
  importedBy: string;
  importedAt: string;
}

/**
 * Lists imported statements, newest import first, then by closing date.
 * Row-level security limits them to the caller's entities; `entityId`
 * limits them to one.
 */
export async function listBankStatements(
  executor: Executor,
  params: { entityId?: string; statementId?: string; limit: number },
): Promise<BankStatementItem[]> {
  let query = executor
    .selectFrom('bank_statements as s')
    .innerJoin('entities as e', 'e.id', 's.entity_id')
    .selectAll('s')
    .select([
      'e.code as entity_code',
      // bank_statements.imported_at is Generated<Timestamp>, which Kysely does not read back as a Date type.
      sql<Date>`s.imported_at`.as('imported_at_value'),
    ])
    .orderBy('s.imported_at', 'desc')
    .orderBy('s.closing_balance_date', 'desc')
    .orderBy('s.id')
    .limit(params.limit);
  if (params.entityId !== undefined) {
    query = query.where('s.entity_id', '=', params.entityId);
  }
  if (params.statementId !== undefined) {
    query = query.where('s.id', '=', params.statementId);
  }
  const rows = await query.execute();
  const unmatchedCounts = await countUnmatchedPayments(
    executor,
    rows.map((row) => row.id),
  );

  return rows.map((row) => {
    const currency = row.currency;
    const amount = (minor: number | null) =>
      minor === null || currency === null ? null : formatDecimal(Number(minor), currency);
    return {
      id: row.id,
      entityId: row.entity_id,
      entityCode: row.entity_code,
      fileName: row.file_name,
      format: row.format,
      formatVersion: row.format_version,
      identification: row.identification,
      sequenceNumber: row.sequence_number,
      accountIdentification: row.account_identification,
      accountIban: row.account_iban,
      currency: row.currency,
      openingBalance: amount(row.opening_balance_minor),
      openingBalanceDate: row.opening_balance_date,
      closingBalance: amount(row.closing_balance_minor),
      closingBalanceDate: row.closing_balance_date,
      transactionCount: row.transaction_count,
      unmatchedCount: unmatchedCounts.get(row.id) ?? 0,
      warnings: row.warnings,
      warningDetails: row.warnings.map(recognizeMessage),
      importedBy: row.imported_by,
      importedAt: new Date(row.imported_at_value).toISOString(),
    };
  });
}

/**
 * Counts per statement the payments that wait in the queue of unmatched
 * payments: not dismissed, not money out that is no receivable, and with a
 * remainder. The allocations of the statements' payments are summed in one
 * grouped pass per table. allocatedMinorSql would probe both allocation
 * tables once per payment, which made the list take seconds for 20 statements
 * of 1,000 payments each.
 */
async function countUnmatchedPayments(
  executor: Executor,
  statementIds: string[],
): Promise<Map<string, number>> {
  if (statementIds.length === 0) {
    return new Map();
  }
  const allocated = executor
    .selectFrom('allocations as a')
    .innerJoin('payments as ap', 'ap.id', 'a.payment_id')
    .where('ap.statement_id', 'in', statementIds)
    .select(['a.payment_id', sql<number>`sum(a.amount_minor)`.as('amount_minor')])
    .groupBy('a.payment_id');
  const chargesAllocated = executor
    .selectFrom('charge_allocations as ca')
    .innerJoin('payments as cp', 'cp.id', 'ca.payment_id')
    .where('cp.statement_id', 'in', statementIds)
    .select(['ca.payment_id', sql<number>`sum(ca.amount_minor)`.as('amount_minor')])
    .groupBy('ca.payment_id');
  const rows = await executor
    .selectFrom('payments as p')
    .leftJoin(allocated.as('a'), 'a.payment_id', 'p.id')
    .leftJoin(chargesAllocated.as('c'), 'c.payment_id', 'p.id')
    .where('p.statement_id', 'in', statementIds)
    .where('p.dismissed_at', 'is', null)
    .where('p.booking_kind', '<>', 'other_debit')
    .where(
      sql<boolean>`p.amount_minor - coalesce(a.amount_minor, 0) - coalesce(c.amount_minor, 0) <> 0`,
    )
    .select(['p.statement_id', sql<number>`count(*)::int`.as('unmatched_count')])
    .groupBy('p.statement_id')
    .execute();

  return new Map(
    rows.flatMap((row) =>
      row.statement_id === null ? [] : [[row.statement_id, Number(row.unmatched_count)]],
    ),
  );
}
