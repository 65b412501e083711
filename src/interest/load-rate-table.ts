import type { Executor } from '../db/database.ts';
import {
  statutoryRateTable,
  type InterestKind,
  type InterestRateTable,
} from './statutory-interest-rates.ts';

export type RateTableSource = 'organisation' | 'built-in';

export interface LoadedRateTable extends InterestRateTable {
  /** 'organisation' once an administrator saved the table; 'built-in' before that. */
  source: RateTableSource;
}

/**
 * Loads an organisation's statutory interest rate table of one kind. Rates
 * change twice a year, so the tables are data that an administrator
 * updates. Until an organisation saves its own table, the built-in rates apply.
 */
export async function loadInterestRateTable(
  executor: Executor,
  params: { organisationId: string; kind: InterestKind },
): Promise<LoadedRateTable> {
  const table = await executor
    .selectFrom('interest_rate_tables')
    .select('covered_through')
    .where('organisation_id', '=', params.organisationId)
    .where('kind', '=', params.kind)
    .executeTakeFirst();
  if (!table) {
    return { ...statutoryRateTable(params.kind), source: 'built-in' };
  }

  const rates = await executor
    .selectFrom('interest_rates')
    .select(['valid_from', 'basis_points'])
    .where('organisation_id', '=', params.organisationId)
    .where('kind', '=', params.kind)
    .orderBy('valid_from')
    .execute();

  return {
    kind: params.kind,
    entries: rates.map((rate) => ({ from: rate.valid_from, basisPoints: rate.basis_points })),
    coveredThrough: table.covered_through,
    source: 'organisation',
  };
}
