import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import { isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadInterestRateTable } from './load-rate-table.ts';
import { formatRatePercent, MAX_RATE_BASIS_POINTS } from './rate-percent.ts';
import type { InterestKind, InterestRateEntry } from './statutory-interest-rates.ts';

/** The maximum number of rates in one table. Two a year since 2001 is about 50. */
export const MAX_RATE_ENTRIES = 400;

export interface SaveRateTableParams {
  organisationId: string;
  kind: InterestKind;
  /** The rates in date order, each valid from its date until the next one's. */
  entries: InterestRateEntry[];
  /** The last day the table is known to cover. */
  coveredThrough: PlainDate;
  actor: string;
}

/** One rejected field of a rate table, in the `details.fields` form of every invalid_input error. */
interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Replaces an organisation's statutory interest rate table of one kind: its
 * rates and its covered-through date. It runs in the caller's transaction,
 * so the table is replaced whole or not at all, and audits
 * 'interest_rates.updated' with the table before (stored or built-in) and after.
 *
 * Raises invalid_input, naming each field, for no rates, more than
 * MAX_RATE_ENTRIES, an invalid date, dates out of order or repeated, and a
 * rate outside 0 to 100 % in whole basis points. It also rejects a
 * covered-through date before the last rate's date, and so before the first.
 */
export async function saveInterestRateTable(
  executor: Executor,
  params: SaveRateTableParams,
): Promise<void> {
  const problems = findProblems(params);
  if (problems.length > 0) {
    const summary = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
    throw new AppError('invalid_input', `Invalid ${params.kind} rate table: ${summary}.`, {
      fields: problems,
    });
  }

  const before = await loadInterestRateTable(executor, {
    organisationId: params.organisationId,
    kind: params.kind,
  });
  await executor
    .insertInto('interest_rate_tables')
    .values({
      organisation_id: params.organisationId,
      kind: params.kind,
      covered_through: params.coveredThrough,
      updated_by: params.actor,
    })
    .onConflict((conflict) =>
      conflict.columns(['organisation_id', 'kind']).doUpdateSet({
        covered_through: params.coveredThrough,
        updated_by: params.actor,
        updated_at: sql`now()`,
      }),
    )
    .execute();
  await executor
    .deleteFrom('interest_rates')
    .where('organisation_id', '=', params.organisationId)
    .where('kind', '=', params.kind)
    .execute();
  await executor
    .insertInto('interest_rates')
    .values(
      params.entries.map((entry) => ({
        organisation_id: params.organisationId,
        kind: params.kind,
        valid_from: entry.from,
        basis_points: entry.basisPoints,
      })),
    )
    .execute();

  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'interest_rates.updated',
    subjectType: 'interest_rate_table',
    subjectId: params.kind,
    before: auditValues(before.entries, before.coveredThrough, before.source),
    after: auditValues(params.entries, params.coveredThrough, 'organisation'),
  });
}

function auditValues(entries: InterestRateEntry[], coveredThrough: PlainDate, source: string) {
  return {
    source,
    coveredThrough,
    rates: entries.map((entry) => ({
      validFrom: entry.from,
      rate: formatRatePercent(entry.basisPoints),
    })),
  };
}

function findProblems(params: SaveRateTableParams): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { entries, coveredThrough } = params;
  if (entries.length === 0) {
    problems.push({ field: 'entries', message: 'add at least one rate' });
  }
  if (entries.length > MAX_RATE_ENTRIES) {
    problems.push({
      field: 'entries',
      message: `${entries.length} rates is more than the ${MAX_RATE_ENTRIES} a table accepts`,
    });
  }
  entries.forEach((entry, index) => {
    const field = `entries.${index}`;
    if (!isPlainDate(entry.from)) {
      problems.push({
        field: `${field}.validFrom`,
        message: `"${entry.from}" is not a YYYY-MM-DD date`,
      });
      return;
    }
    const previous = entries[index - 1];
    if (previous && isPlainDate(previous.from) && entry.from <= previous.from) {
      problems.push({
        field: `${field}.validFrom`,
        message:
          entry.from === previous.from
            ? `${entry.from} is given twice; keep one rate per date`
            : `${entry.from} comes after ${previous.from}; list the rates in date order`,
      });
    }
    if (
      !Number.isInteger(entry.basisPoints) ||
      entry.basisPoints < 0 ||
      entry.basisPoints > MAX_RATE_BASIS_POINTS
    ) {
      problems.push({
        field: `${field}.rate`,
        message: `${entry.basisPoints / 100} % is not a rate from 0.00 to 100.00 %`,
      });
    }
  });
  if (!isPlainDate(coveredThrough)) {
    problems.push({
      field: 'coveredThrough',
      message: `"${coveredThrough}" is not a YYYY-MM-DD date`,
    });
    return problems;
  }
  const last = entries.at(-1);
  if (last && isPlainDate(last.from) && coveredThrough < last.from) {
    problems.push({
      field: 'coveredThrough',
      message: `${coveredThrough} is before the last rate's date ${last.from}; the table must cover at least that day`,
    });
  }

  return problems;
}
