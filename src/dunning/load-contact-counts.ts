import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { addDays, type PlainDate } from '../dates/plain-date.ts';

/**
 * Counts, per debtor of the run, the contacts in the 7 days up to and
 * including `asOf`: messages of runs on those dates that were not removed
 * from their batch, and call tasks due on those dates. A debtor's contacts
 * in other entities of the organisation count too when that debtor has the
 * same chamber of commerce number or the same VAT number (compared without
 * spaces and dots, case-insensitive). Debtors without contacts are absent.
 * One query for all debtors.
 * NOTE: row-level security hides the messages of other entities from a user
 * limited to some entities, so that user's runs count fewer contacts.
 * Scheduled runs read every entity.
 */
export async function loadContactCounts(
  executor: Executor,
  params: { debtorIds: readonly string[]; asOf: PlainDate },
): Promise<Map<string, number>> {
  if (params.debtorIds.length === 0) {
    return new Map();
  }
  const from = addDays(params.asOf, -6);
  const result = await sql<{ debtor_id: string; contacts: string | number }>`
    with run_debtors as (
      select id, organisation_id,
        nullif(upper(regexp_replace(coc_number, '[\\s.]', '', 'g')), '') as coc,
        nullif(upper(regexp_replace(vat_number, '[\\s.]', '', 'g')), '') as vat
      from debtors
      where id = any(${params.debtorIds as string[]}::uuid[])
    ),
    related as (
      select id as debtor_id, id as related_id from run_debtors
      union
      select rd.id, d.id from run_debtors rd
        join debtors d on d.organisation_id = rd.organisation_id
          and d.coc_number is not null
          and upper(regexp_replace(d.coc_number, '[\\s.]', '', 'g')) = rd.coc
      union
      select rd.id, d.id from run_debtors rd
        join debtors d on d.organisation_id = rd.organisation_id
          and d.vat_number is not null
          and upper(regexp_replace(d.vat_number, '[\\s.]', '', 'g')) = rd.vat
    ),
    contacts as (
      select m.debtor_id from messages m
        join dunning_runs r on r.id = m.run_id
      where m.status <> 'removed' and r.run_date between ${from} and ${params.asOf}
      union all
      select c.debtor_id from call_tasks c
      where c.due_date between ${from} and ${params.asOf}
    )
    select related.debtor_id, count(*) as contacts
    from related join contacts on contacts.debtor_id = related.related_id
    group by related.debtor_id
  `.execute(executor);

  return new Map(result.rows.map((row) => [row.debtor_id, Number(row.contacts)]));
}
