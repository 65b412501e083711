import type { PlainDate } from '../dates/plain-date.ts';
import type { Executor } from '../db/database.ts';
import { loadActorNames, type NamedActor } from '../issues/actor-names.ts';
import { loadInterestRateTable, type RateTableSource } from './load-rate-table.ts';
import { formatRatePercent } from './rate-percent.ts';
import type { InterestKind } from './statutory-interest-rates.ts';

/** The kinds of statutory rate table, in the order the API and the settings screen list them. */
export const RATE_TABLE_KINDS: readonly InterestKind[] = ['consumer', 'commercial'];

/** A statutory rate table as GET /api/interest-rates returns it. */
export interface RateTableView {
  kind: InterestKind;
  /** 'built-in' until an administrator saves the organisation's own table. */
  source: RateTableSource;
  coveredThrough: PlainDate;
  /** Rates in date order; `rate` is a percentage with two decimals, such as "12.50". */
  entries: Array<{ validFrom: PlainDate; rate: string }>;
  /** The last user to save the table and the time (ISO 8601); null for the built-in table. */
  updatedBy: NamedActor | null;
  updatedAt: string | null;
}

/** Loads both statutory rate tables of an organisation, each stored or built-in. */
export async function loadRateTableViews(
  executor: Executor,
  organisationId: string,
): Promise<RateTableView[]> {
  const views: RateTableView[] = [];
  for (const kind of RATE_TABLE_KINDS) {
    views.push(await loadRateTableView(executor, { organisationId, kind }));
  }
  return views;
}

/** Loads one statutory rate table of an organisation with who saved it last. */
export async function loadRateTableView(
  executor: Executor,
  params: { organisationId: string; kind: InterestKind },
): Promise<RateTableView> {
  const table = await loadInterestRateTable(executor, params);
  const row = await executor
    .selectFrom('interest_rate_tables')
    .select(['updated_by', 'updated_at'])
    .where('organisation_id', '=', params.organisationId)
    .where('kind', '=', params.kind)
    .executeTakeFirst();
  const actorName = await loadActorNames(executor, row ? [row.updated_by] : []);

  return {
    kind: params.kind,
    source: table.source,
    coveredThrough: table.coveredThrough,
    entries: table.entries.map((entry) => ({
      validFrom: entry.from,
      rate: formatRatePercent(entry.basisPoints),
    })),
    updatedBy: row ? actorName(row.updated_by) : null,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}
