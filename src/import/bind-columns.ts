import type { ImportMapping } from './import-mapping.ts';
import {
  describeTarget,
  parseFieldTarget,
  type FieldTarget,
  type StandardField,
} from './import-fields.ts';
import { ImportFileError, type RejectedRow } from './import-problems.ts';

export interface BoundColumn {
  index: number;
  /** The header as written in the file. */
  header: string;
}

/** Assignment of the file's columns to fields. */
export interface ColumnBinding {
  fields: Partial<Record<StandardField, BoundColumn>>;
  custom: Array<BoundColumn & { owner: 'debtor' | 'invoice'; name: string }>;
  /** Headers of columns that fill nothing. */
  ignored: string[];
}

/**
 * Matches the file's headers to fields through the mapping. Every problem
 * with the header line (a mapped column missing, two columns for one field,
 * a required field without a column) rejects the file, reported on line 1.
 */
export function bindColumns(headers: string[], mapping: ImportMapping): ColumnBinding {
  const problems: RejectedRow[] = [];
  const targets = headers.map((header) => targetOf(header, mapping));
  if (mapping.columns) {
    problems.push(...missingMappedColumns(headers, mapping));
  }

  const binding: ColumnBinding = { fields: {}, custom: [], ignored: [] };
  const seen = new Map<string, string>();
  targets.forEach((target, index) => {
    const header = headers[index] ?? '';
    if (!target) {
      binding.ignored.push(header);
      return;
    }
    const key = describeTarget(target);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(
        headerProblem(
          header,
          `both "${earlier}" and "${header}" fill ${key}; keep one, or map the other to null in a mapping file`,
          header,
        ),
      );
      return;
    }
    seen.set(key, header);
    if (target.kind === 'field') {
      binding.fields[target.field] = { index, header };
    } else {
      binding.custom.push({ index, header, owner: target.owner, name: target.name });
    }
  });

  problems.push(...missingRequiredFields(binding));
  if (problems.length > 0) {
    throw new ImportFileError(
      `The header line (${headers.join(', ')}) does not fit mapping "${mapping.name}": ${problems.map((problem) => problem.reason).join('; ')}.`,
      problems,
    );
  }

  return binding;
}

function targetOf(header: string, mapping: ImportMapping): FieldTarget | null | undefined {
  if (!mapping.columns) {
    return parseFieldTarget(header) ?? parseFieldTarget(header.replace(/[\s-]+/g, '_'));
  }
  const key = Object.keys(mapping.columns).find(
    (name) => name.trim().toLowerCase() === header.trim().toLowerCase(),
  );

  return key === undefined ? undefined : mapping.columns[key];
}

function missingMappedColumns(headers: string[], mapping: ImportMapping): RejectedRow[] {
  const present = new Set(headers.map((header) => header.trim().toLowerCase()));

  return Object.keys(mapping.columns ?? {})
    .filter((name) => !present.has(name.trim().toLowerCase()))
    .map((name) =>
      headerProblem(
        name,
        `the mapping names column "${name}", but the file has no such column (its columns: ${headers.join(', ')}); fix the header or the mapping`,
      ),
    );
}

function missingRequiredFields(binding: ColumnBinding): RejectedRow[] {
  const has = (field: StandardField) => binding.fields[field] !== undefined;
  const problems: RejectedRow[] = [];
  for (const field of ['invoice_number', 'amount'] as const) {
    if (!has(field)) {
      problems.push(
        headerProblem(
          field,
          `no column fills ${field}; add one, or map a column to it in a mapping file`,
        ),
      );
    }
  }
  if (!has('debtor_number') && !has('debtor_name')) {
    problems.push(
      headerProblem(
        'debtor_number',
        'no column fills debtor_number or debtor_name; add one, or map a column to it in a mapping file',
      ),
    );
  }
  if (!has('due_date') && !(has('invoice_date') && has('payment_terms'))) {
    problems.push(
      headerProblem(
        'due_date',
        'no column fills due_date (or invoice_date and payment_terms); add one, or map a column to it in a mapping file',
      ),
    );
  }

  return problems;
}

function headerProblem(column: string, reason: string, value = ''): RejectedRow {
  return { row: 1, column, value, reason };
}
