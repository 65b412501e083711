import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { isPlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { checkText, FieldProblem, quote } from './entity-field-rules.ts';
import { findEntity } from './find-entity.ts';

/** Maximum number of closing days in one request. */
export const MAX_CLOSING_DAYS = 1000;

export interface ClosingDay {
  date: string;
  name: string;
}

/**
 * Replaces the entity's own closing days: all of them, or with `year` only
 * those in that year. All days are checked before anything is written, and
 * every invalid one is reported at once. The audit event lists the days
 * before and after.
 */
export async function setEntityHolidays(
  executor: Executor,
  params: {
    organisationId: string;
    entityId: string;
    actor: string;
    holidays: readonly ClosingDay[];
    year?: number;
  },
): Promise<ClosingDay[]> {
  await findEntity(executor, params);
  const holidays = validateClosingDays(params.holidays, params.year);

  let existing = executor
    .selectFrom('entity_holidays')
    .select(['holiday as date', 'name'])
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId);
  let removal = executor
    .deleteFrom('entity_holidays')
    .where('organisation_id', '=', params.organisationId)
    .where('entity_id', '=', params.entityId);
  if (params.year !== undefined) {
    const first = `${params.year}-01-01`;
    const last = `${params.year}-12-31`;
    existing = existing.where('holiday', '>=', first).where('holiday', '<=', last);
    removal = removal.where('holiday', '>=', first).where('holiday', '<=', last);
  }
  const before = await existing.orderBy('holiday').execute();

  await removal.execute();
  if (holidays.length > 0) {
    await executor
      .insertInto('entity_holidays')
      .values(
        holidays.map((holiday) => ({
          organisation_id: params.organisationId,
          entity_id: params.entityId,
          holiday: holiday.date,
          name: holiday.name,
        })),
      )
      .execute();
  }
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'entity.holidays_set',
    subjectType: 'entity',
    subjectId: params.entityId,
    entityId: params.entityId,
    before: { year: params.year ?? null, holidays: before },
    after: { year: params.year ?? null, holidays },
  });

  return holidays;
}

/** Trims names, sorts by date and rejects invalid or repeated dates and empty names. */
function validateClosingDays(days: readonly ClosingDay[], year: number | undefined): ClosingDay[] {
  const issues: Array<{ field: string; value: unknown; message: string }> = [];
  if (days.length > MAX_CLOSING_DAYS) {
    throw new AppError(
      'invalid_input',
      `holidays: ${days.length} closing days given, at most ${MAX_CLOSING_DAYS} allowed. Send fewer, or one year at a time with "year".`,
    );
  }

  const seen = new Set<string>();
  const valid: ClosingDay[] = [];
  days.forEach((day, index) => {
    const field = `holidays[${index}]`;
    if (!isPlainDate(day.date)) {
      issues.push({
        field: `${field}.date`,
        value: day.date,
        message: `${quote(day.date)} is not a date. Use YYYY-MM-DD, such as 2026-12-24.`,
      });
    } else if (year !== undefined && !day.date.startsWith(`${year}-`)) {
      issues.push({
        field: `${field}.date`,
        value: day.date,
        message: `${day.date} is not in ${year}. Send only days of ${year}, or leave out "year".`,
      });
    } else if (seen.has(day.date)) {
      issues.push({
        field: `${field}.date`,
        value: day.date,
        message: `${day.date} is given twice. Give each closing day once.`,
      });
    }
    seen.add(day.date);

    const name = checkClosingDayName(day.name);
    if (name instanceof FieldProblem) {
      issues.push({ field: `${field}.name`, value: day.name, message: name.message });
    } else {
      valid.push({ date: day.date, name });
    }
  });

  if (issues.length > 0) {
    const sentences = issues.map((issue) => `${issue.field}: ${issue.message}`);
    throw new AppError('invalid_input', `Invalid closing days. ${sentences.join(' ')}`, {
      fields: issues,
    });
  }

  return valid.sort((left, right) => left.date.localeCompare(right.date));
}

function checkClosingDayName(value: string): string | FieldProblem {
  try {
    const name = checkText(value, 100);
    return name === ''
      ? new FieldProblem('The name is empty. Name the day, such as "Company outing".')
      : name;
  } catch (error) {
    if (error instanceof FieldProblem) {
      return error;
    }
    throw error;
  }
}
