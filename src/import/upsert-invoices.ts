import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAuditEvents, type AuditRecord } from '../audit/record-audit-events.ts';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import {
  canonicalJson,
  chunk,
  columnNames,
  LOOKUP_CHUNK_SIZE,
  unnestRows,
  WRITE_CHUNK_SIZE,
  type ColumnSpec,
} from './batching.ts';
import { changedAuditFields, createdAuditFields } from './audit-fields.ts';
import type { ImportedInvoice } from './imported-records.ts';
import type { ChangeCounts } from './upsert-debtors.ts';

interface InvoiceValues {
  id: string;
  debtor_id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  invoice_date: PlainDate;
  due_date: PlainDate;
  currency: string;
  amount_minor: number;
  closed_on: PlainDate | null;
  payment_reference: string | null;
  custom: Record<string, string>;
}

/** An invoice as stored after the import, with what is already allocated to it. */
export interface UpsertedInvoice {
  invoice: ImportedInvoice;
  id: string;
  debtorId: string;
  /** Sum of all allocations to the invoice before this import, in minor units. */
  allocatedMinor: number;
}

const writtenColumns: ReadonlyArray<ColumnSpec<InvoiceValues>> = [
  ['id', 'uuid'],
  ['debtor_id', 'uuid'],
  ['number', 'text'],
  ['kind', 'text'],
  ['invoice_date', 'date'],
  ['due_date', 'date'],
  ['currency', 'text'],
  ['amount_minor', 'bigint'],
  ['payment_reference', 'text'],
  ['custom', 'jsonb'],
];

const comparedColumns = [
  'debtor_id',
  'kind',
  'invoice_date',
  'due_date',
  'currency',
  'amount_minor',
  'closed_on',
  'payment_reference',
] as const;

/** The compared columns, by the names that audit events give them. */
const auditNames: Record<(typeof comparedColumns)[number], string> = {
  debtor_id: 'debtorId',
  kind: 'kind',
  invoice_date: 'invoiceDate',
  due_date: 'dueDate',
  currency: 'currency',
  amount_minor: 'amountMinor',
  closed_on: 'closedOn',
  payment_reference: 'paymentReference',
};

/**
 * Inserts new invoices and updates those whose fields differ from the file,
 * in batched statements. An invoice in the file is open to the import, so
 * one closed by an earlier snapshot import is reopened; custom fields are
 * merged. Records an invoice.created event per new invoice and an
 * invoice.updated event with the changed fields per changed one.
 */
export async function upsertInvoices(
  trx: Executor,
  params: {
    organisationId: string;
    entityId: string;
    /** The importing user's id or "cli:<os user>", for the audit log. */
    actor: string;
    invoices: ImportedInvoice[];
    debtorIdByNumber: Map<string, string>;
  },
): Promise<{ counts: ChangeCounts; upserted: UpsertedInvoice[] }> {
  const numbers = params.invoices.map((invoice) => invoice.number);
  const stored = await findStoredInvoices(trx, params.entityId, numbers);
  const inserts: InvoiceValues[] = [];
  const updates: InvoiceValues[] = [];
  const changes: AuditRecord[] = [];
  const upserted: UpsertedInvoice[] = [];

  for (const invoice of params.invoices) {
    const before = stored.get(invoice.number);
    const after = applyImported(before?.values, invoice, params.debtorIdByNumber);
    upserted.push({
      invoice,
      id: after.id,
      debtorId: after.debtor_id,
      allocatedMinor: before?.allocatedMinor ?? 0,
    });
    if (!before) {
      inserts.push(after);
    } else if (differs(before.values, after)) {
      updates.push(after);
      changes.push({
        subjectId: after.id,
        ...changedAuditFields(before.values, after, auditNames),
      });
    }
  }

  // References move before any row takes one, so that invoices may swap references.
  const movedReferences = updates.filter(
    (row) => row.payment_reference !== stored.get(row.number)?.values.payment_reference,
  );
  for (const rows of chunk(movedReferences, WRITE_CHUNK_SIZE)) {
    await clearPaymentReferences(trx, rows);
  }
  for (const rows of chunk(inserts, WRITE_CHUNK_SIZE)) {
    await insertInvoices(trx, params, rows);
  }
  for (const rows of chunk(updates, WRITE_CHUNK_SIZE)) {
    await updateInvoices(trx, rows);
  }
  const audit = {
    organisationId: params.organisationId,
    actor: params.actor,
    subjectType: 'invoice',
    entityId: params.entityId,
  };
  await recordAuditEvents(
    trx,
    { ...audit, action: 'invoice.created' },
    inserts.map((row) => ({ subjectId: row.id, after: createdAuditFields(row, auditNames) })),
  );
  await recordAuditEvents(trx, { ...audit, action: 'invoice.updated' }, changes);

  const counts = {
    new: inserts.length,
    changed: updates.length,
    unchanged: params.invoices.length - inserts.length - updates.length,
  };
  return { counts, upserted };
}

async function findStoredInvoices(
  trx: Executor,
  entityId: string,
  numbers: string[],
): Promise<Map<string, { values: InvoiceValues; allocatedMinor: number }>> {
  const stored = new Map<string, { values: InvoiceValues; allocatedMinor: number }>();
  for (const batch of chunk(numbers, LOOKUP_CHUNK_SIZE)) {
    // Joining the numbers lets each one use the unique index on (entity_id, number).
    const { rows } = await sql<InvoiceValues & { allocated_minor: number }>`
      select i.id, i.debtor_id, i.number, i.kind, i.invoice_date, i.due_date, i.currency,
        i.amount_minor, i.closed_on, i.payment_reference, i.custom,
        coalesce((select sum(a.amount_minor) from allocations a where a.invoice_id = i.id), 0)::bigint
          as allocated_minor
      from unnest(${batch}::text[]) as file(number)
      join invoices i on i.entity_id = ${entityId} and i.number = file.number`.execute(trx);
    for (const { allocated_minor: allocatedMinor, ...values } of rows) {
      stored.set(values.number, { values, allocatedMinor });
    }
  }
  return stored;
}

function applyImported(
  before: InvoiceValues | undefined,
  invoice: ImportedInvoice,
  debtorIdByNumber: Map<string, string>,
): InvoiceValues {
  const debtorId = debtorIdByNumber.get(invoice.debtorNumber);
  if (!debtorId) {
    throw new Error(`Debtor ${invoice.debtorNumber} of invoice ${invoice.number} was not upserted`);
  }

  return {
    id: before?.id ?? randomUUID(),
    debtor_id: debtorId,
    number: invoice.number,
    kind: invoice.kind,
    invoice_date: invoice.invoiceDate,
    due_date: invoice.dueDate,
    currency: invoice.currency,
    amount_minor: invoice.amountMinor,
    closed_on: null,
    payment_reference: invoice.paymentReference ?? before?.payment_reference ?? null,
    custom: { ...before?.custom, ...invoice.custom },
  };
}

function differs(before: InvoiceValues, after: InvoiceValues): boolean {
  return (
    comparedColumns.some((column) => before[column] !== after[column]) ||
    canonicalJson(before.custom) !== canonicalJson(after.custom)
  );
}

async function insertInvoices(
  trx: Executor,
  params: { organisationId: string; entityId: string },
  rows: InvoiceValues[],
): Promise<void> {
  await sql`
    insert into invoices (organisation_id, entity_id, ${columnNames(writtenColumns)})
    select ${params.organisationId}::uuid, ${params.entityId}::uuid, v.*
    from ${unnestRows(rows, 'v', writtenColumns)}`.execute(trx);
}

async function updateInvoices(trx: Executor, rows: InvoiceValues[]): Promise<void> {
  await sql`
    update invoices as i set
      debtor_id = v.debtor_id, kind = v.kind, invoice_date = v.invoice_date,
      due_date = v.due_date, currency = v.currency, amount_minor = v.amount_minor,
      payment_reference = v.payment_reference, custom = v.custom, closed_on = null,
      updated_at = now()
    from ${unnestRows(rows, 'v', writtenColumns)}
    where i.id = v.id`.execute(trx);
}

async function clearPaymentReferences(trx: Executor, rows: InvoiceValues[]): Promise<void> {
  await sql`
    update invoices set payment_reference = null
    where id = any(${rows.map((row) => row.id)}::uuid[])`.execute(trx);
}
