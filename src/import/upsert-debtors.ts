import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAuditEvents, type AuditRecord } from '../audit/record-audit-events.ts';
import type { Executor } from '../db/database.ts';
import {
  canonicalJson,
  chunk,
  columnNames,
  LOOKUP_CHUNK_SIZE,
  unnestRows,
  WRITE_CHUNK_SIZE,
  type ColumnSpec,
} from './batching.ts';
import { addImportedBankAccounts } from './add-imported-bank-accounts.ts';
import { changedAuditFields, createdAuditFields } from './audit-fields.ts';
import type { ImportedDebtor } from './imported-records.ts';

export interface ChangeCounts {
  new: number;
  changed: number;
  unchanged: number;
}

interface DebtorValues {
  id: string;
  number: string;
  name: string;
  kind: 'b2b' | 'b2c';
  language: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  coc_number: string | null;
  vat_number: string | null;
  custom: Record<string, string>;
}

const writtenColumns: ReadonlyArray<ColumnSpec<DebtorValues>> = [
  ['id', 'uuid'],
  ['number', 'text'],
  ['name', 'text'],
  ['kind', 'text'],
  ['language', 'text'],
  ['country', 'text'],
  ['email', 'text'],
  ['phone', 'text'],
  ['address_line', 'text'],
  ['postal_code', 'text'],
  ['city', 'text'],
  ['coc_number', 'text'],
  ['vat_number', 'text'],
  ['custom', 'jsonb'],
];

const comparedColumns = [
  'name',
  'kind',
  'language',
  'country',
  'email',
  'phone',
  'address_line',
  'postal_code',
  'city',
  'coc_number',
  'vat_number',
] as const;

/** The compared columns, by the names that audit events give them. */
const auditNames: Record<(typeof comparedColumns)[number], string> = {
  name: 'name',
  kind: 'kind',
  language: 'language',
  country: 'country',
  email: 'email',
  phone: 'phone',
  address_line: 'addressLine',
  postal_code: 'postalCode',
  city: 'city',
  coc_number: 'cocNumber',
  vat_number: 'vatNumber',
};

/**
 * Inserts the debtors that the entity does not have yet (in the
 * organisation's default segment) and updates those whose fields differ
 * from the file, in batched statements. Fields the file leaves empty keep
 * their stored value; custom fields are merged. Records a debtor.created
 * event per new debtor and a debtor.updated event with the changed fields
 * per changed one. Adds the file's IBANs as bank accounts, and a debtor
 * that only gets a bank account counts as changed. Returns the counts and
 * the id of every debtor number in the file.
 */
export async function upsertDebtors(
  trx: Executor,
  params: {
    organisationId: string;
    entityId: string;
    /** The importing user's id or "cli:<os user>", for the audit log. */
    actor: string;
    defaultSegmentId: string | null;
    debtors: Map<string, ImportedDebtor>;
  },
): Promise<{ counts: ChangeCounts; idByNumber: Map<string, string> }> {
  const stored = await findStoredDebtors(trx, params.entityId, [...params.debtors.keys()]);
  const inserts: DebtorValues[] = [];
  const updates: DebtorValues[] = [];
  const changes: AuditRecord[] = [];
  const idByNumber = new Map<string, string>();

  for (const imported of params.debtors.values()) {
    const before = stored.get(imported.number);
    const after = applyImported(before, imported);
    idByNumber.set(after.number, after.id);
    if (!before) {
      inserts.push(after);
    } else if (differs(before, after)) {
      updates.push(after);
      changes.push({ subjectId: after.id, ...changedAuditFields(before, after, auditNames) });
    }
  }

  for (const rows of chunk(inserts, WRITE_CHUNK_SIZE)) {
    await insertDebtors(trx, params, rows);
  }
  for (const rows of chunk(updates, WRITE_CHUNK_SIZE)) {
    await updateDebtors(trx, rows);
  }
  const audit = {
    organisationId: params.organisationId,
    actor: params.actor,
    subjectType: 'debtor',
    entityId: params.entityId,
  };
  await recordAuditEvents(
    trx,
    { ...audit, action: 'debtor.created' },
    inserts.map((row) => ({ subjectId: row.id, after: createdAuditFields(row, auditNames) })),
  );
  await recordAuditEvents(trx, { ...audit, action: 'debtor.updated' }, changes);
  const withNewAccounts = await addImportedBankAccounts(trx, { ...params, idByNumber });
  const written = new Set([...inserts, ...updates].map((row) => row.id));
  const changed =
    updates.length + [...withNewAccounts].filter((debtorId) => !written.has(debtorId)).length;

  const counts = {
    new: inserts.length,
    changed,
    unchanged: params.debtors.size - inserts.length - changed,
  };
  return { counts, idByNumber };
}

async function findStoredDebtors(
  trx: Executor,
  entityId: string,
  numbers: string[],
): Promise<Map<string, DebtorValues>> {
  const stored = new Map<string, DebtorValues>();
  for (const batch of chunk(numbers, LOOKUP_CHUNK_SIZE)) {
    const { rows } = await sql<DebtorValues>`
      select d.id, d.number, d.name, d.kind, d.language, d.country, d.email, d.phone,
        d.address_line, d.postal_code, d.city, d.coc_number, d.vat_number, d.custom
      from unnest(${batch}::text[]) as file(number)
      join debtors d on d.entity_id = ${entityId} and d.number = file.number`.execute(trx);
    for (const row of rows) {
      stored.set(row.number, row);
    }
  }
  return stored;
}

function applyImported(before: DebtorValues | undefined, imported: ImportedDebtor): DebtorValues {
  const keep = <T>(value: T | undefined, stored: T | null | undefined): T | null =>
    value ?? stored ?? null;

  return {
    id: before?.id ?? randomUUID(),
    number: imported.number,
    name: imported.name ?? before?.name ?? imported.number,
    kind: imported.kind ?? before?.kind ?? 'b2b',
    language: keep(imported.language, before?.language),
    country: keep(imported.country, before?.country),
    email: keep(imported.email, before?.email),
    phone: keep(imported.phone, before?.phone),
    address_line: keep(imported.addressLine, before?.address_line),
    postal_code: keep(imported.postalCode, before?.postal_code),
    city: keep(imported.city, before?.city),
    coc_number: keep(imported.cocNumber, before?.coc_number),
    vat_number: keep(imported.vatNumber, before?.vat_number),
    custom: { ...before?.custom, ...imported.custom },
  };
}

function differs(before: DebtorValues, after: DebtorValues): boolean {
  return (
    comparedColumns.some((column) => before[column] !== after[column]) ||
    canonicalJson(before.custom) !== canonicalJson(after.custom)
  );
}

async function insertDebtors(
  trx: Executor,
  params: { organisationId: string; entityId: string; defaultSegmentId: string | null },
  rows: DebtorValues[],
): Promise<void> {
  await sql`
    insert into debtors (organisation_id, entity_id, segment_id, ${columnNames(writtenColumns)})
    select ${params.organisationId}::uuid, ${params.entityId}::uuid,
      ${params.defaultSegmentId}::uuid, v.*
    from ${unnestRows(rows, 'v', writtenColumns)}`.execute(trx);
}

async function updateDebtors(trx: Executor, rows: DebtorValues[]): Promise<void> {
  await sql`
    update debtors as d set
      name = v.name, kind = v.kind, language = v.language, country = v.country,
      email = v.email, phone = v.phone, address_line = v.address_line,
      postal_code = v.postal_code, city = v.city, coc_number = v.coc_number,
      vat_number = v.vat_number, custom = v.custom, updated_at = now()
    from ${unnestRows(rows, 'v', writtenColumns)}
    where d.id = v.id`.execute(trx);
}
