/** A debtor or invoice row as an import writes it: a number, columns and custom fields. */
interface ImportedRow {
  number: string;
  custom: Record<string, string>;
}

/**
 * Returns the values of a new row for its ".created" audit event: the
 * number, each column of `names` that is not null (under its name in
 * `names`) and the custom fields when there are any.
 */
export function createdAuditFields<Row extends ImportedRow, Column extends keyof Row & string>(
  row: Row,
  names: Record<Column, string>,
): Record<string, unknown> {
  const fields: Record<string, unknown> = { number: row.number };
  for (const column of Object.keys(names) as Column[]) {
    if (row[column] !== null) {
      fields[names[column]] = row[column];
    }
  }
  if (Object.keys(row.custom).length > 0) {
    fields.custom = row.custom;
  }

  return fields;
}

/**
 * Returns the columns of `names` whose value differs, with their values
 * before and after, for an ".updated" audit event. Of the custom fields only
 * the changed keys are included, with null where one side lacks the key.
 */
export function changedAuditFields<Row extends ImportedRow, Column extends keyof Row & string>(
  before: Row,
  after: Row,
  names: Record<Column, string>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changedBefore: Record<string, unknown> = {};
  const changedAfter: Record<string, unknown> = {};
  for (const column of Object.keys(names) as Column[]) {
    if (before[column] !== after[column]) {
      changedBefore[names[column]] = before[column];
      changedAfter[names[column]] = after[column];
    }
  }

  const customBefore: Record<string, string | null> = {};
  const customAfter: Record<string, string | null> = {};
  for (const key of new Set([...Object.keys(before.custom), ...Object.keys(after.custom)])) {
    if (before.custom[key] !== after.custom[key]) {
      customBefore[key] = before.custom[key] ?? null;
      customAfter[key] = after.custom[key] ?? null;
    }
  }
  if (Object.keys(customAfter).length > 0) {
    changedBefore.custom = customBefore;
    changedAfter.custom = customAfter;
  }

  return { before: changedBefore, after: changedAfter };
}
