import { sql, type RawBuilder } from 'kysely';

/**
 * Minor units of payment `p` allocated so far: its principal allocations
 * plus the parts that settle charges. Allocations that a reversal undoes
 * are negative rows on the reversal payment, so a reversal's sum is negative.
 */
export const allocatedMinorSql: RawBuilder<number> = sql<number>`(
  coalesce((select sum(a.amount_minor) from allocations a where a.payment_id = p.id), 0)
  + coalesce((select sum(ca.amount_minor) from charge_allocations ca where ca.payment_id = p.id), 0)
)::bigint`;

/** Minor units of payment `p` not allocated yet; negative for a reversal that undid nothing. */
export const remainderMinorSql: RawBuilder<number> = sql<number>`(p.amount_minor - ${allocatedMinorSql})`;
