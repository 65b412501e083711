import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { BankStatementTable } from '../db/schema.ts';
import { formatDecimal } from '../money/money.ts';
import { remainderMinorSql } from '../payments/queue/payment-amounts-sql.ts';

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
  warnings: string[];
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
  const unmatched = executor
    .selectFrom('payments as p')
    .select(['p.statement_id', sql<number>`count(*)::int`.as('unmatched_count')])
    .where('p.dismissed_at', 'is', null)
    .where('p.booking_kind', '<>', 'other_debit')
    .where(sql<boolean>`${remainderMinorSql} <> 0`)
    .groupBy('p.statement_id');
  let query = executor
    .selectFrom('bank_statements as s')
    .innerJoin('entities as e', 'e.id', 's.entity_id')
    .leftJoin(unmatched.as('u'), 'u.statement_id', 's.id')
    .selectAll('s')
    .select([
      'e.code as entity_code',
      sql<number>`coalesce(u.unmatched_count, 0)`.as('unmatched'),
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
      unmatchedCount: Number(row.unmatched),
      warnings: row.warnings,
      importedBy: row.imported_by,
      importedAt: new Date(row.imported_at_value).toISOString(),
    };
  });
}
