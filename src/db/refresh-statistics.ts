import { sql } from 'kysely';
import type { DatabaseHandle } from './database.ts';

/** Tables whose size changes most with an import or a dunning run. */
const busyTables = ['debtors', 'invoices', 'payments', 'allocations', 'dunning_states'];

/**
 * Refreshes the planner statistics of the busiest tables. PGlite has no
 * autovacuum, so without this the planner keeps guessing on tables that an
 * import just filled; on PostgreSQL it saves waiting for autovacuum. Runs
 * as the connecting role, which owns the tables, outside any tenant
 * transaction. Takes well under a second at 100,000 invoices.
 */
export async function refreshStatistics(database: DatabaseHandle): Promise<void> {
  await sql.raw(`analyze ${busyTables.join(', ')}`).execute(database.db);
}
