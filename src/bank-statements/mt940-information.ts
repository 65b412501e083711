/**
 * Reading the :86: information field of MT940. Banks fill it in four ways:
 * slash codes (ING "/EREF/.../CNTP/...", Rabobank "/BENM//NAME/...", ABN
 * AMRO "/TRTP/.../IBAN/..."), German "?nn" sub-fields with SEPA keywords
 * (EREF+, SVWZ+), Triodos ">nn" sub-fields, or free text.
 */
import { asBic, asIban } from './reference-checks.ts';
import type { Counterparty, StructuredReference } from './statement-model.ts';

export interface InformationFields {
  endToEndId?: string;
  /** ING /PREF/: the payment information id of a batch (collective booking). */
  batchReference?: string;
  /** Number of payments in an ING batch, from "TOTAAL n POSTEN". */
  batchSize?: number;
  returnReasonCode?: string;
  mandateReference?: string;
  creditorIdentifier?: string;
  transactionCode?: string;
  counterparty: Counterparty;
  remittanceText?: string;
  structuredReferences: StructuredReference[];
  /** Free text that starts with a reversal word ("Terugboeking" at Rabobank, "Storno"). */
  reversalText: boolean;
}

/** Slash codes of Dutch banks' structured :86: (ING, Rabobank, ABN AMRO, SNS). */
const SLASH_CODES = [
  'EREF',
  'PREF',
  'RTRN',
  'CNTP',
  'REMI',
  'MARF',
  'CSID',
  'BENM',
  'ORDP',
  'NAME',
  'ADDR',
  'ISDT',
  'TRTP',
  'IBAN',
  'BIC',
  'ULTC',
  'ULTD',
  'ULTB',
  'PURP',
  'IREF',
  'OCMT',
  'CHGS',
  'EXCH',
  'SUM',
  'ID',
  'BUSP',
  'KREF',
  'RTYP',
  'CDTRREF',
  'CDTRREFTP',
];
const SLASH_CODE = new RegExp(`/(${SLASH_CODES.join('|')})/`, 'g');
/** German SEPA keywords inside the purpose sub-fields ?20 to ?29. */
const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/g;
/** Length of one German ?2x or Triodos >2x sub-field; a full one was cut mid-word. */
const SUB_FIELD_LENGTH = 27;
const REVERSAL_TEXT = /^(terugboeking|storno)\b/i;

export function isStructuredInformation(text: string): boolean {
  const trimmed = text.trimStart();

  return (
    new RegExp(`^/(${SLASH_CODES.join('|')})/`).test(trimmed) ||
    /^\d{3}\?\d{2}/.test(trimmed) ||
    /^\d{3}>\d{2}/.test(trimmed)
  );
}

export function parseInformation(text: string): InformationFields {
  const trimmed = text.trim();
  if (/^\d{3}\?\d{2}/.test(trimmed)) {
    return parseGermanSubFields(trimmed);
  }
  if (/^\d{3}>\d{2}/.test(trimmed)) {
    return parseTriodosSubFields(trimmed);
  }
  if (isStructuredInformation(trimmed)) {
    return parseSlashCodes(trimmed);
  }

  return parseFreeText(trimmed);
}

function emptyFields(): InformationFields {
  return { counterparty: {}, structuredReferences: [], reversalText: false };
}

/** Splits "/EREF/x//CNTP/a/b/c/" into code and value; one trailing "/" of each value goes. */
function splitSlashCodes(text: string): Map<string, string> {
  const values = new Map<string, string>();
  const markers = [...text.matchAll(SLASH_CODE)];
  markers.forEach((marker, index) => {
    const start = (marker.index ?? 0) + marker[0].length;
    const end = markers[index + 1]?.index ?? text.length;
    const code = marker[1] as string;
    if (!values.has(code)) {
      values.set(code, text.slice(start, end).replace(/\/$/, ''));
    }
  });

  return values;
}

function parseSlashCodes(text: string): InformationFields {
  const values = splitSlashCodes(text);
  const fields = emptyFields();
  fields.endToEndId = cleanReference(values.get('EREF'));
  fields.batchReference = cleanReference(values.get('PREF'));
  fields.returnReasonCode = values.get('RTRN')?.split('/')[0]?.trim() || undefined;
  fields.mandateReference = cleanReference(values.get('MARF'));
  fields.creditorIdentifier = cleanReference(values.get('CSID'));
  fields.transactionCode = values.get('TRTP')?.trim() || undefined;
  fields.counterparty = readSlashCounterparty(values);
  readSlashRemittance(values.get('REMI'), fields);
  const batchSize = /TOTAAL\s+(\d+)\s+POSTEN/i.exec(fields.remittanceText ?? '')?.[1];
  if (fields.batchReference !== undefined && batchSize !== undefined) {
    fields.batchSize = Number(batchSize);
  }

  return fields;
}

/** ING /CNTP/IBAN/BIC/name/city/; Rabobank and ABN AMRO /NAME/, /IBAN/, /BIC/. */
function readSlashCounterparty(values: Map<string, string>): Counterparty {
  const [cntpAccount, cntpBic, cntpName] = (values.get('CNTP') ?? '').split('/');
  const account = values.get('IBAN') ?? cntpAccount;
  const iban = asIban(account);

  return compact({
    name: (values.get('NAME') ?? cntpName)?.trim() || undefined,
    iban,
    bic: asBic(values.get('BIC') ?? cntpBic),
    account: iban ? undefined : account?.trim() || undefined,
  });
}

/** ING "USTD//text" and "STRD/CUR/reference"; other banks put plain text after /REMI/. */
function readSlashRemittance(remittance: string | undefined, fields: InformationFields): void {
  if (remittance === undefined) {
    return;
  }
  const structured = /^STRD\/([^/]*)\/(.*)$/.exec(remittance);
  if (structured) {
    const reference = structured[2]?.replace(/\/$/, '').trim();
    if (reference) {
      fields.structuredReferences.push({
        issuer: structured[1] || undefined,
        type: 'SCOR',
        reference,
      });
    }
    return;
  }
  const text = remittance.replace(/^USTD\/\//, '').replace(/\/$/, '');
  fields.remittanceText = collapse(text) || undefined;
}

/**
 * German layout: GV code, then ?00 posting text, ?10 primanota, ?20 to ?29
 * and ?60 to ?63 purpose, ?30 bank code or BIC, ?31 account or IBAN, ?32
 * and ?33 name, ?38 IBAN (Polish banks).
 */
function parseGermanSubFields(text: string): InformationFields {
  const subFields = splitNumberedSubFields(text, '?');
  const purpose = joinSubFields(pick(subFields, /^(2\d|6[0-3])$/), '\n');
  const { keywords, otherText } = splitSepaKeywords(purpose);
  const fields = emptyFields();
  fields.endToEndId = cleanReference(keywords.get('EREF'));
  fields.mandateReference = keywords.get('MREF') || undefined;
  fields.creditorIdentifier = keywords.get('CRED') || undefined;
  fields.remittanceText = collapse(keywords.get('SVWZ') ?? otherText) || undefined;
  const account = subFields.get('31') ?? subFields.get('38');
  const iban = asIban(subFields.get('38') ?? account);
  const bankCode = subFields.get('30');
  fields.counterparty = compact({
    name: collapse(joinSubFields(pick(subFields, /^3[23]$/), ' ')) || undefined,
    iban,
    bic: asBic(bankCode),
    account:
      iban || account === undefined ? undefined : [bankCode, account].filter(Boolean).join('/'),
  });

  return fields;
}

/** Triodos: >10 and >20 to >29 description, >31 counterparty account, >32 and >33 name. */
function parseTriodosSubFields(text: string): InformationFields {
  const subFields = splitNumberedSubFields(text, '>');
  const fields = emptyFields();
  fields.remittanceText = collapse(joinSubFields(pick(subFields, /^2\d$/), ' ')) || undefined;
  const account = subFields.get('31')?.trim();
  const iban = asIban(account);
  fields.counterparty = compact({
    name: collapse(joinSubFields(pick(subFields, /^3[23]$/), ' ')) || undefined,
    iban,
    account: iban ? undefined : account || undefined,
  });

  return fields;
}

/**
 * Free text, with two conventions read from it: "BETALINGSKENM. <digits>"
 * (a Dutch payment reference in old ABN AMRO and Rabobank files) and Knab's
 * "REK: <IBAN>/NAAM: <name>".
 */
function parseFreeText(text: string): InformationFields {
  const fields = emptyFields();
  fields.remittanceText = collapse(text) || undefined;
  fields.reversalText = REVERSAL_TEXT.test(text);
  const paymentReference = /BETALINGSKENM\.?\s+(\d{7,16})\b/.exec(text)?.[1];
  if (paymentReference !== undefined) {
    fields.structuredReferences.push({ issuer: 'CUR', reference: paymentReference });
  }
  const knab = /REK:\s*([A-Z]{2}\d{2}[A-Z0-9]+)\s*\/NAAM:\s*(.+)$/.exec(text);
  if (knab) {
    fields.counterparty = compact({ iban: asIban(knab[1]), name: collapse(knab[2] ?? '') });
  }

  return fields;
}

/** Splits "159?00RETOURE?100399?20EREF+..." into sub-field number and value. */
function splitNumberedSubFields(text: string, marker: '?' | '>'): Map<string, string> {
  const pattern = marker === '?' ? /\?(\d{2})/g : />(\d{2})/g;
  const markers = [...text.matchAll(pattern)];
  const values = new Map<string, string>();
  markers.forEach((match, index) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = markers[index + 1]?.index ?? text.length;
    values.set(match[1] as string, (values.get(match[1] as string) ?? '') + text.slice(start, end));
  });

  return values;
}

function pick(subFields: Map<string, string>, numbers: RegExp): string[] {
  return [...subFields.entries()]
    .filter(([number]) => numbers.test(number))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, value]) => value);
}

/**
 * Joins sub-fields: without a separator after a full (27-character) one,
 * which the bank cut mid-word, else with `boundary`.
 */
function joinSubFields(parts: string[], boundary: string): string {
  return parts.reduce((text, part, index) => {
    if (index === 0) {
      return part;
    }
    const previous = parts[index - 1] ?? '';
    return previous.length >= SUB_FIELD_LENGTH ? text + part : `${text}${boundary}${part}`;
  }, '');
}

/**
 * Splits a purpose text ("EREF+ x MREF+ y SVWZ+ text") into keyword values.
 * A reference keyword (EREF, MREF, CRED, ...) ends at the next keyword or
 * at the end of a sub-field that is not full, which is marked by a line
 * break. Text after it without a keyword is kept apart. SVWZ runs to the
 * next keyword.
 */
function splitSepaKeywords(purpose: string): { keywords: Map<string, string>; otherText: string } {
  const markers = [...purpose.matchAll(SEPA_KEYWORD)];
  const keywords = new Map<string, string>();
  const other = [purpose.slice(0, markers[0]?.index ?? purpose.length)];
  markers.forEach((match, index) => {
    const start = (match.index ?? 0) + match[0].length;
    const end = markers[index + 1]?.index ?? purpose.length;
    const value = purpose.slice(start, end);
    const keyword = match[1] as string;
    if (keyword === 'SVWZ') {
      keywords.set(keyword, collapse(value));
      return;
    }
    const [reference = '', ...rest] = value.split('\n');
    keywords.set(keyword, reference.trim());
    other.push(rest.join(' '));
  });

  return { keywords, otherText: collapse(other.join(' ')) };
}

function cleanReference(value: string | undefined): string | undefined {
  const trimmed = value?.trim();

  return trimmed === undefined || trimmed === '' || trimmed === 'NOTPROVIDED' ? undefined : trimmed;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function compact(counterparty: Counterparty): Counterparty {
  return Object.fromEntries(
    Object.entries(counterparty).filter(([, value]) => value !== undefined && value !== ''),
  ) as Counterparty;
}
