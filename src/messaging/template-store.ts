import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid } from 'liquidjs';
import { z } from 'zod';

/** The repository's templates folder: one folder per language, plus shared layouts. */
export const defaultTemplateDirectory = fileURLToPath(new URL('../../templates/', import.meta.url));

export const templateKeys = ['courtesy', 'reminder-1', 'reminder-2', 'final-notice'] as const;

/** Labels of the fixed parts of a message: table headers, totals, payment block, letter head. */
const labelsSchema = z.object({
  invoice_number: z.string(),
  invoice_date: z.string(),
  due_date: z.string(),
  days_past_due: z.string(),
  amount: z.string(),
  open_amount: z.string(),
  total: z.string(),
  open_invoices_as_of: z.string(),
  payment_heading: z.string(),
  payment_instruction: z.string(),
  payment_instruction_without_reference: z.string(),
  beneficiary: z.string(),
  iban: z.string(),
  bic: z.string(),
  payment_reference: z.string(),
  amount_to_pay: z.string(),
  scan_to_pay: z.string(),
  portal: z.string(),
  salutation_named: z.string(),
  salutation_unnamed: z.string(),
  closing: z.string(),
  date: z.string(),
  debtor_number: z.string(),
  attention: z.string(),
  page: z.string(),
  coc_number: z.string(),
  vat_number: z.string(),
  email: z.string(),
  /** The colon after a label, with the space French puts before it. */
  colon: z.string(),
  /** Labels of the charges dunning steps added; optional, so a language without them shows none. */
  collection_costs: z.string().optional(),
  interest: z.string().optional(),
  fees: z.string().optional(),
  total_due: z.string().optional(),
  /** Label before the payment link. It is optional, so a language without it shows the bare link. */
  pay_online: z.string().optional(),
});

export type MessageLabels = z.infer<typeof labelsSchema>;

/**
 * The loaded templates: two Liquid engines over the same in-memory files.
 * The html engine escapes every output value (`&`, `<`, `>`, quotes) unless
 * a template writes `| raw`; the text engine writes values as they are.
 * Templates reach only the files of the set, never the file system.
 */
export interface TemplateSet {
  html: Liquid;
  text: Liquid;
  labels: ReadonlyMap<string, MessageLabels>;
  /** Whether `language` has the subject, html and text template of `templateKey`. */
  has(language: string, templateKey: string): boolean;
  /** Whether the set has the template `name`, without ".liquid", such as "en/reminder-1/sms". */
  hasTemplate(name: string): boolean;
}

const cachedSets = new Map<string, TemplateSet>();

/** Loads (once per directory) every `.liquid` file and each language's `labels.json`. */
export function loadTemplateSet(directory: string = defaultTemplateDirectory): TemplateSet {
  const cached = cachedSets.get(directory);
  if (cached) {
    return cached;
  }

  const files = readTemplateFiles(directory);
  const labels = readLabels(directory);
  const engineOptions = {
    templates: files,
    extname: '.liquid',
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    cache: true,
    renderLimit: 5_000,
    memoryLimit: 50_000_000,
  };
  const set: TemplateSet = {
    html: new Liquid({ ...engineOptions, outputEscape: 'escape' }),
    text: new Liquid(engineOptions),
    labels,
    has: (language, templateKey) =>
      ['subject', 'html', 'text'].every(
        (part) => files[`${language}/${templateKey}/${part}.liquid`] !== undefined,
      ) && labels.has(language),
    hasTemplate: (name) => files[`${name}.liquid`] !== undefined,
  };
  cachedSets.set(directory, set);

  return set;
}

function readTemplateFiles(directory: string): Record<string, string> {
  const files: Record<string, string> = {};
  const entries = fs.readdirSync(directory, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.liquid')) {
      continue;
    }
    const absolute = path.join(entry.parentPath, entry.name);
    const key = path.relative(directory, absolute).split(path.sep).join('/');
    files[key] = fs.readFileSync(absolute, 'utf8');
  }

  return files;
}

function readLabels(directory: string): Map<string, MessageLabels> {
  const labels = new Map<string, MessageLabels>();
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name, 'labels.json');
    if (!entry.isDirectory() || !fs.existsSync(file)) {
      continue;
    }
    const parsed = labelsSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const missing = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
      throw new Error(`Template labels ${file} are invalid: ${missing}.`);
    }
    labels.set(entry.name, parsed.data);
  }

  return labels;
}

/**
 * Chooses the language a message is written in: the first of `candidates`
 * (the message's language, then the entity's) that has templates for
 * `templateKey`, else English.
 */
export function resolveTemplateLanguage(
  set: TemplateSet,
  templateKey: string,
  candidates: Array<string | null | undefined>,
): string {
  const language = candidates.find(
    (candidate): candidate is string => !!candidate && set.has(candidate, templateKey),
  );

  return language ?? 'en';
}
