import { AppError } from '../errors.ts';
import { parseDateText } from '../import/date-format.ts';
import { decodeText } from '../import/decode-text.ts';
import { detectDecimalSeparator } from '../import/detect-decimal-separator.ts';
import { describeTarget, standardFields, type StandardField } from '../import/import-fields.ts';
import type { Delimiter, ImportMapping } from '../import/import-mapping.ts';
import { ImportFileError } from '../import/import-problems.ts';
import { DEFAULT_MAPPING_PRESET } from '../import/mapping-presets.ts';
import { detectDelimiter } from '../import/read-csv.ts';
import { cellText, readTable, type ImportTable } from '../import/read-table.ts';
import { resolveMapping } from '../import/resolve-mapping.ts';
import type { DecimalSeparator } from '../money/money.ts';
import type { SavedMapping } from './provisioning-state.ts';

/** Rows of the file that a preview shows. */
export const PREVIEW_ROWS = 10;

export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** The CSV delimiter, as set by the preset or detected from the header line; null for XLSX. */
  delimiter: Delimiter | null;
  /** Detected from the amounts; null when they do not show it (see warnings). */
  decimalSeparator: DecimalSeparator | null;
  /** The date format that every date of the file fits; null when none does (see warnings). */
  dateFormat: string | null;
  columns: string[];
  /** The first rows after the header, each cell as text, as long as the header. */
  rows: string[][];
  /** Field name (such as invoice_number or debtor.custom.segment) to column header. */
  suggestedMapping: Record<string, string>;
  /** Source of the suggestion: the entity's saved mapping, the preset, or the header names. */
  mappingSource: 'saved' | 'preset' | 'headers';
  fields: Array<{ name: StandardField; required: boolean; description: string }>;
  warnings: string[];
}

/**
 * Date formats tried on a file's dates, in order: the first that every date
 * fits wins. Day-first formats come before month-first ones, because
 * European files are the common case; a file whose days never exceed 12
 * reads day-first.
 */
const CANDIDATE_DATE_FORMATS = [
  'YYYY-MM-DD',
  'DD-MM-YYYY',
  'D-M-YYYY',
  'DD/MM/YYYY',
  'D/M/YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'YYYY/MM/DD',
  'YYYYMMDD',
  'MM/DD/YYYY',
  'M/D/YYYY',
];

const DATE_FIELDS: readonly StandardField[] = ['due_date', 'invoice_date', 'paid_date'];

/** The fields a wizard import can fill, with what each needs. */
export const IMPORT_FIELDS: Readonly<ImportPreview['fields']> = [
  {
    name: 'debtor_number',
    required: false,
    description:
      'Debtor number; debtor_number or debtor_name is required, each defaults to the other',
  },
  {
    name: 'debtor_name',
    required: false,
    description: 'Debtor name; debtor_number or debtor_name is required',
  },
  { name: 'debtor_kind', required: false, description: 'b2b (company) or b2c (consumer)' },
  { name: 'debtor_email', required: false, description: 'E-mail address for reminders' },
  { name: 'debtor_phone', required: false, description: 'Phone number' },
  { name: 'debtor_language', required: false, description: 'ISO 639-1 language code, such as nl' },
  { name: 'debtor_country', required: false, description: 'ISO 3166 country code, such as NL' },
  { name: 'debtor_address_line', required: false, description: 'Street and house number' },
  { name: 'debtor_postal_code', required: false, description: 'Postal code' },
  { name: 'debtor_city', required: false, description: 'City' },
  { name: 'debtor_coc_number', required: false, description: 'Chamber of commerce number' },
  { name: 'debtor_vat_number', required: false, description: 'VAT number' },
  {
    name: 'debtor_iban',
    required: false,
    description: 'IBAN the debtor pays from; several separated by ";"',
  },
  { name: 'invoice_number', required: true, description: 'Invoice number, unique per entity' },
  { name: 'invoice_date', required: false, description: 'Invoice date' },
  {
    name: 'due_date',
    required: false,
    description: 'Due date; required unless invoice_date and payment_terms are mapped',
  },
  { name: 'payment_terms', required: false, description: 'Days after the invoice date' },
  { name: 'amount', required: true, description: 'Invoice amount; negative for a credit note' },
  { name: 'currency', required: false, description: "ISO 4217 code; default the entity's" },
  {
    name: 'open_amount',
    required: false,
    description: 'Amount still open; less than the amount books a payment of the difference',
  },
  { name: 'paid_date', required: false, description: 'Date the invoice was paid in full' },
  { name: 'kind', required: false, description: 'invoice or credit_note; default from the sign' },
];

/**
 * Header names, normalised (lower case, no accents, other characters as
 * "_"), that suggest a field: the field names themselves, and the usual
 * Dutch, English, German and French column names of accounting exports.
 */
const HEADER_SYNONYMS: Record<StandardField, readonly string[]> = {
  debtor_number: [
    'debiteurnummer',
    'debiteur_nummer',
    'debiteurnr',
    'debiteur',
    'klantnummer',
    'klant_nummer',
    'klantnr',
    'relatienummer',
    'customer_id',
    'customerid',
    'customer_number',
    'customer_no',
    'customer',
    'kundennummer',
    'numero_client',
  ],
  debtor_name: [
    'debiteurnaam',
    'debiteur_naam',
    'klantnaam',
    'klant',
    'naam',
    'bedrijfsnaam',
    'relatie',
    'customer_name',
    'name',
    'company',
    'kundenname',
    'kunde',
    'nom',
    'client',
  ],
  debtor_kind: ['soort_klant', 'klantsoort', 'customer_type', 'debtor_type'],
  debtor_email: ['email', 'e_mail', 'emailadres', 'e_mailadres', 'mail', 'email_address'],
  debtor_phone: ['telefoon', 'telefoonnummer', 'phone', 'telephone', 'tel', 'telefon'],
  debtor_language: ['taal', 'language', 'sprache', 'langue'],
  debtor_country: ['land', 'landcode', 'country', 'country_code', 'countrycode', 'pays'],
  debtor_address_line: ['adres', 'straat', 'address', 'street', 'strasse', 'adresse'],
  debtor_postal_code: ['postcode', 'zip', 'zipcode', 'zip_code', 'postal_code', 'plz'],
  debtor_city: ['plaats', 'woonplaats', 'stad', 'city', 'town', 'ort', 'ville'],
  debtor_coc_number: ['kvk', 'kvk_nummer', 'kvknummer', 'coc', 'coc_number'],
  debtor_vat_number: ['btw_nummer', 'btwnummer', 'vat_number', 'ust_idnr'],
  debtor_iban: ['iban', 'rekeningnummer', 'bankrekening', 'bank_account', 'kontonummer'],
  invoice_number: [
    'factuurnummer',
    'factuur_nummer',
    'factuurnr',
    'factuur',
    'invoice',
    'invoice_no',
    'invoice_nr',
    'invoicenumber',
    'rechnungsnummer',
    'numero_facture',
  ],
  invoice_date: ['factuurdatum', 'factuur_datum', 'invoicedate', 'rechnungsdatum', 'date_facture'],
  due_date: ['vervaldatum', 'verval_datum', 'vervaldag', 'duedate', 'faelligkeit', 'echeance'],
  payment_terms: ['betalingstermijn', 'betaaltermijn', 'termijn', 'terms', 'zahlungsziel'],
  amount: [
    'bedrag',
    'factuurbedrag',
    'bedrag_incl',
    'bedrag_incl_btw',
    'totaal',
    'invoice_amount',
    'invoiceamount',
    'total',
    'betrag',
    'montant',
  ],
  currency: ['valuta', 'munt', 'currency_code', 'waehrung', 'wahrung', 'devise'],
  open_amount: [
    'openstaand',
    'openstaand_bedrag',
    'saldo',
    'restbedrag',
    'open',
    'outstanding',
    'balance',
    'offen',
    'offener_betrag',
    'solde',
  ],
  paid_date: ['betaaldatum', 'betaald_op', 'settleddate', 'payment_date', 'zahlungsdatum'],
  // Columns such as "Soort" or "Type" often hold other values than invoice and credit_note.
  kind: [],
  payment_reference: ['betalingskenmerk', 'kenmerk', 'creditor_reference', 'payment_ref'],
};

/**
 * Reads an import file and returns its columns, first rows, detected format
 * and a suggested column mapping. The suggestion is the entity's saved
 * mapping when the file has every column it names. Else it is the preset's
 * columns when the preset lists them, else a match of the header names.
 * Throws "import_rejected" when the file cannot be read.
 */
export async function previewImport(params: {
  fileName: string;
  content: Buffer;
  preset?: string | undefined;
  savedMapping?: SavedMapping | undefined;
}): Promise<ImportPreview> {
  const presetName = params.preset ?? DEFAULT_MAPPING_PRESET;
  const preset = resolveMapping(presetName);
  const saved = params.savedMapping ? readSavedMapping(params.savedMapping) : undefined;
  const readingMapping = saved ?? preset;
  const format = isZip(params.content) ? 'xlsx' : 'csv';

  let table: ImportTable;
  try {
    table = await readTable(params.content, params.fileName, readingMapping);
  } catch (error) {
    if (error instanceof ImportFileError) {
      throw new AppError('import_rejected', `${params.fileName}: ${error.message}`, {
        rejected: error.problems,
      });
    }
    throw error;
  }

  const warnings: string[] = [];
  const fromSaved = saved ? suggestFromColumns(table.headers, saved) : undefined;
  if (saved && !fromSaved) {
    warnings.push(
      `The mapping saved from ${params.savedMapping?.fileName ?? 'the last import'} names columns that this file lacks, so the columns were matched by their names.`,
    );
  }
  const fromPreset = preset.columns ? suggestFromColumns(table.headers, preset) : undefined;
  const suggestedMapping = fromSaved ?? fromPreset ?? suggestFromHeaders(table.headers);
  let mappingSource: ImportPreview['mappingSource'] = 'headers';
  if (fromSaved) {
    mappingSource = 'saved';
  } else if (fromPreset) {
    mappingSource = 'preset';
  }

  let dateFormat: string | null = null;
  if (fromSaved) {
    dateFormat = saved?.dateFormat ?? null;
  } else if (fromPreset) {
    dateFormat = preset.dateFormat;
  } else {
    const detected = detectDateFormat(table, suggestedMapping);
    dateFormat = detected.format ?? null;
    if (detected.unmatched > 0) {
      warnings.push(
        `${detected.unmatched} date(s) fit none of the formats ${CANDIDATE_DATE_FORMATS.join(', ')}; correct them or set "dateFormat" in the mapping.`,
      );
    }
  }

  return {
    fileName: params.fileName,
    format,
    delimiter: format === 'csv' ? csvDelimiter(params.content, readingMapping) : null,
    decimalSeparator: detectAmountSeparator(table, suggestedMapping, warnings),
    dateFormat,
    columns: table.headers,
    rows: table.rows
      .slice(0, PREVIEW_ROWS)
      .map((row) => table.headers.map((_header, index) => cellText(row.cells[index]))),
    suggestedMapping,
    mappingSource,
    fields: [...IMPORT_FIELDS],
    warnings,
  };
}

/**
 * Returns the candidate date format that the most dates of the mapped date
 * columns fit, the earlier candidate on a tie, and how many dates fit it
 * not. A date that follows a format but names no real day, such as
 * 31-02-2025, fits the format; the import rejects its row later. Without
 * dates the format is YYYY-MM-DD; when no date fits any format, it is undefined.
 */
export function detectDateFormat(
  table: ImportTable,
  mapping: Readonly<Record<string, string>>,
): { format: string | undefined; unmatched: number } {
  const indexes = DATE_FIELDS.map((field) => mapping[field])
    .filter((header): header is string => header !== undefined)
    .map((header) => headerIndex(table.headers, header))
    .filter((index) => index !== -1);
  const dates: string[] = [];
  for (const row of table.rows) {
    for (const index of indexes) {
      const cell = row.cells[index];
      // XLSX date cells are dates already, whatever the format.
      if (typeof cell === 'string' && cell.trim() !== '') {
        dates.push(cell.trim());
      }
    }
  }

  let best: { format: string | undefined; fitting: number } = { format: undefined, fitting: 0 };
  for (const format of CANDIDATE_DATE_FORMATS) {
    const fitting = dates.filter((text) => {
      const parsed = parseDateText(text, format);
      return 'date' in parsed || parsed.error === 'calendar';
    }).length;
    if (fitting > best.fitting) {
      best = { format, fitting };
    }
  }
  if (dates.length === 0) {
    return { format: 'YYYY-MM-DD', unmatched: 0 };
  }

  return { format: best.format, unmatched: dates.length - best.fitting };
}

/** Normalises a header for matching: lower case, accents removed, other characters as "_". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Suggests a column for each field by its header name; each column fills one field at most. */
export function suggestFromHeaders(headers: readonly string[]): Record<string, string> {
  const suggestion: Record<string, string> = {};
  const used = new Set<string>();
  const normalised = headers.map(normaliseHeader);
  for (const field of standardFields) {
    const names = [field, ...HEADER_SYNONYMS[field]];
    const index = normalised.findIndex(
      (header, position) => names.includes(header) && !used.has(headers[position] ?? ''),
    );
    const header = headers[index];
    if (index !== -1 && header !== undefined) {
      suggestion[field] = header;
      used.add(header);
    }
  }

  return suggestion;
}

/**
 * Turns a mapping's columns (header to field) into a suggestion (field to
 * header), with the file's spelling of each header. Returns undefined when
 * the mapping names a column the file lacks.
 */
function suggestFromColumns(
  headers: readonly string[],
  mapping: ImportMapping,
): Record<string, string> | undefined {
  const suggestion: Record<string, string> = {};
  for (const [column, target] of Object.entries(mapping.columns ?? {})) {
    const index = headerIndex(headers, column);
    const header = headers[index];
    if (index === -1 || header === undefined) {
      return undefined;
    }
    if (target) {
      suggestion[describeTarget(target)] = header;
    }
  }

  return suggestion;
}

function readSavedMapping(saved: SavedMapping): ImportMapping | undefined {
  try {
    return resolveMapping({ name: saved.fileName, json: saved.mapping });
  } catch {
    // A saved mapping that no longer validates is ignored; the next import saves a new one.
    return undefined;
  }
}

function detectAmountSeparator(
  table: ImportTable,
  mapping: Readonly<Record<string, string>>,
  warnings: string[],
): DecimalSeparator | null {
  const amounts: Array<{ line: number; column: string; text: string }> = [];
  for (const field of ['amount', 'open_amount']) {
    const header = mapping[field];
    const index = header === undefined ? -1 : headerIndex(table.headers, header);
    if (header === undefined || index === -1) {
      continue;
    }
    for (const row of table.rows) {
      const cell = row.cells[index];
      if (typeof cell === 'string' && cell.trim() !== '') {
        amounts.push({ line: row.line, column: header, text: cell });
      }
    }
  }
  try {
    return detectDecimalSeparator(amounts);
  } catch (error) {
    if (error instanceof ImportFileError) {
      warnings.push(error.message);
      return null;
    }
    throw error;
  }
}

function csvDelimiter(content: Buffer, mapping: ImportMapping): Delimiter {
  if (mapping.delimiter) {
    return mapping.delimiter;
  }

  return detectDelimiter(decodeText(content, mapping.encoding).replace(/\r\n?/g, '\n'));
}

function headerIndex(headers: readonly string[], name: string): number {
  const wanted = name.trim().toLowerCase();

  return headers.findIndex((header) => header.trim().toLowerCase() === wanted);
}

/** Returns whether the bytes start as a ZIP archive, as every XLSX file does. */
function isZip(content: Buffer): boolean {
  return content[0] === 0x50 && content[1] === 0x4b && content[2] === 0x03 && content[3] === 0x04;
}
