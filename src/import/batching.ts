import { sql, type RawBuilder } from 'kysely';

/**
 * Rows per INSERT or UPDATE statement. Each statement binds one array per
 * column and reads it with unnest(), so its parameter count does not grow
 * with the rows; PGlite parses such a statement far faster than a VALUES
 * list with one parameter per value.
 */
export const WRITE_CHUNK_SIZE = 5000;

/** Keys per lookup statement, bound as one array parameter. */
export const LOOKUP_CHUNK_SIZE = 5000;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/** A column of a row set: its name and the PostgreSQL type of its values. */
export type ColumnSpec<Row> = readonly [name: keyof Row & string, type: string];

/**
 * `unnest($1::type[], $2::type[], ...) as alias(name, ...)`: the rows as a
 * table, with one array parameter per column. Values of jsonb columns are
 * sent as JSON text.
 */
export function unnestRows<Row>(
  rows: readonly Row[],
  alias: string,
  columns: ReadonlyArray<ColumnSpec<Row>>,
): RawBuilder<unknown> {
  const arrays = columns.map(
    ([name, type]) =>
      sql`${rows.map((row) => (type === 'jsonb' ? JSON.stringify(row[name]) : row[name]))}::${sql.raw(type)}[]`,
  );

  return sql`unnest(${sql.join(arrays)}) as ${sql.raw(alias)}(${columnNames(columns)})`;
}

/** Builds the comma-separated column names of `columns`, for an INSERT column list. */
export function columnNames<Row>(columns: ReadonlyArray<ColumnSpec<Row>>): RawBuilder<unknown> {
  return sql.join(columns.map(([name]) => sql.ref(name)));
}

/** JSON text with keys sorted, so two objects with the same entries compare equal. */
export function canonicalJson(value: Record<string, string>): string {
  const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b, 'en'));
  return JSON.stringify(Object.fromEntries(entries));
}
