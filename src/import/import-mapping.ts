import { z } from 'zod';
import type { DecimalSeparator } from '../money/money.ts';
import { isDateFormat, type DateFormat } from './date-format.ts';
import { parseFieldTarget, standardFields, type FieldTarget } from './import-fields.ts';

export const delimiters = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof delimiters)[number];

export const encodings = ['auto', 'utf-8', 'windows-1252', 'iso-8859-1', 'utf-16le'] as const;
/** Text encoding of a CSV file; "auto" reads UTF-8 and falls back to Windows-1252. */
export type Encoding = (typeof encodings)[number];

/**
 * Mapping of an import file: which columns fill which fields, and how the
 * text is written. A preset or a validated mapping file produces one.
 */
export interface ImportMapping {
  /** Preset name or mapping file name, stored with the import. */
  name: string;
  /**
   * Header name (compared case-insensitively, trimmed) to target; null
   * ignores the column. Undefined means each header is itself a field name.
   */
  columns?: Record<string, FieldTarget | null>;
  /** Undefined: detected from the header line among , ; tab and |. */
  delimiter?: Delimiter;
  /** Undefined: detected from the amounts when the file makes it unambiguous. */
  decimalSeparator?: DecimalSeparator;
  dateFormat: DateFormat;
  encoding: Encoding;
  /** Sheet of an XLSX file, by name or 1-based number; default the first. */
  sheet?: string | number;
}

const targetText = z.string().superRefine((value, context) => {
  if (!parseFieldTarget(value)) {
    context.addIssue({
      code: 'custom',
      message: `"${value}" is not a field; use one of ${standardFields.join(', ')}, or custom.NAME, debtor.custom.NAME, invoice.custom.NAME (NAME: letters, digits, _ . - and spaces)`,
    });
  }
});

/** The JSON layout of a mapping file; docs/import.md shows an example. */
export const mappingFileSchema = z
  .object({
    columns: z.record(z.string().trim().min(1), targetText.nullable()),
    delimiter: z.enum([...delimiters, 'tab']).optional(),
    decimalSeparator: z.enum(['.', ',']).optional(),
    dateFormat: z
      .string()
      .refine(isDateFormat, 'use YYYY, M or MM and D or DD once each, such as "DD-MM-YYYY"')
      .optional(),
    encoding: z.enum(encodings).optional(),
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  })
  .strict();

export type MappingFile = z.input<typeof mappingFileSchema>;

export class MappingError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'MappingError';
  }
}

/**
 * Validates the parsed JSON of a mapping file and turns it into a mapping.
 * Throws MappingError listing every problem with its JSON path.
 */
export function parseMappingFile(name: string, json: unknown): ImportMapping {
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new MappingError(
      parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'mapping';
        return `${where}: ${issue.message}`;
      }),
    );
  }
  const file = parsed.data;
  const columns: Record<string, FieldTarget | null> = {};
  for (const [header, target] of Object.entries(file.columns)) {
    columns[header] = target === null ? null : (parseFieldTarget(target) ?? null);
  }

  return {
    name,
    columns,
    delimiter: file.delimiter === 'tab' ? '\t' : file.delimiter,
    decimalSeparator: file.decimalSeparator,
    dateFormat: file.dateFormat ?? 'YYYY-MM-DD',
    encoding: file.encoding ?? 'auto',
    sheet: file.sheet,
  };
}
