import { sql } from 'kysely';
import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AuditContext } from '../provisioning/audit-context.ts';

/** Maximum size of a stored invoice copy: 10 MiB. The database enforces the same limit. */
export const MAX_INVOICE_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Maximum length of a stored file name, as the database allows. */
const MAX_FILE_NAME_LENGTH = 200;

const PDF_SIGNATURE = Buffer.from('%PDF-', 'latin1');

// The table type declares uploaded_at as Generated<Timestamp>, which selects as the column type.
const uploadedAt = sql<Date>`uploaded_at`.as('uploaded_at');

/** The facts of an invoice's stored copy, without its content. */
export interface InvoiceDocumentInfo {
  invoiceId: string;
  fileName: string;
  byteSize: number;
  uploadedBy: string;
  uploadedAt: string;
}

/** An invoice copy ready to attach to an e-mail. */
export interface InvoiceCopy {
  invoiceId: string;
  invoiceNumber: string;
  fileName: string;
  content: Buffer;
}

/**
 * Makes an uploaded file name safe to store, show and send as an e-mail
 * attachment name. It keeps the last path segment and replaces characters
 * other than letters, digits, spaces, dots, hyphens, underscores and
 * brackets by "_". The result ends in ".pdf" and has at most 200
 * characters; an empty name becomes "invoice-NUMBER.pdf".
 */
export function sanitiseInvoiceFileName(
  fileName: string | undefined,
  invoiceNumber: string,
): string {
  const base = (fileName ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const stem = cleaned.replace(/\.pdf$/i, '');
  const fallback = `invoice-${invoiceNumber.replace(/[^\p{L}\p{N}._-]/gu, '_')}`;
  const chosen = stem === '' ? fallback : stem;

  return `${chosen.slice(0, MAX_FILE_NAME_LENGTH - '.pdf'.length)}.pdf`;
}

/** Throws invalid_input unless `content` is a non-empty PDF of at most 10 MiB. */
export function checkInvoiceDocumentContent(content: Buffer): void {
  if (content.length === 0) {
    throw new AppError('invalid_input', 'file: the file is empty; upload the invoice as a PDF.', {
      field: 'file',
    });
  }
  if (content.length > MAX_INVOICE_DOCUMENT_BYTES) {
    throw new AppError(
      'invalid_input',
      `file: the file has ${content.length} bytes, more than the maximum of ${MAX_INVOICE_DOCUMENT_BYTES} (10 MiB).`,
      { field: 'file' },
    );
  }
  if (!content.subarray(0, PDF_SIGNATURE.length).equals(PDF_SIGNATURE)) {
    throw new AppError(
      'invalid_input',
      'file: the file is not a PDF (it does not start with %PDF-); upload the invoice as a PDF.',
      { field: 'file' },
    );
  }
}

/**
 * Stores the copy of an invoice, replacing an earlier one, with an audit
 * event that names the file and its size but not its content. Throws
 * not_found for an invoice outside the caller's organisation or entities.
 */
export async function saveInvoiceDocument(
  executor: Executor,
  context: AuditContext,
  params: { invoiceId: string; fileName: string | undefined; content: Buffer },
): Promise<InvoiceDocumentInfo> {
  checkInvoiceDocumentContent(params.content);
  const invoice = await findInvoice(executor, params.invoiceId);
  const before = await readInvoiceDocumentInfo(executor, params.invoiceId);
  // A replaced copy is deleted first, so that uploaded_at takes its default for the new one.
  await executor.deleteFrom('invoice_documents').where('invoice_id', '=', invoice.id).execute();
  const row = await executor
    .insertInto('invoice_documents')
    .values({
      organisation_id: context.organisationId,
      entity_id: invoice.entity_id,
      invoice_id: invoice.id,
      file_name: sanitiseInvoiceFileName(params.fileName, invoice.number),
      media_type: 'application/pdf',
      content: params.content,
      byte_size: params.content.length,
      uploaded_by: context.actor,
    })
    .returning(['invoice_id', 'file_name', 'byte_size', 'uploaded_by', uploadedAt])
    .executeTakeFirstOrThrow();
  const info = toInfo(row);
  await recordAudit(executor, {
    ...context,
    action: 'invoice.document_saved',
    subjectType: 'invoice',
    subjectId: invoice.id,
    entityId: invoice.entity_id,
    before,
    after: { invoiceNumber: invoice.number, ...info },
  });

  return info;
}

/** Returns the stored copy of an invoice; not_found when the invoice or its copy is missing. */
export async function readInvoiceDocument(
  executor: Executor,
  params: { invoiceId: string },
): Promise<{ fileName: string; content: Buffer }> {
  const invoice = await findInvoice(executor, params.invoiceId);
  const row = await executor
    .selectFrom('invoice_documents')
    .select(['file_name', 'content'])
    .where('invoice_id', '=', invoice.id)
    .executeTakeFirst();
  if (!row) {
    throw new AppError('not_found', `Invoice ${invoice.number} has no stored copy.`);
  }

  // PGlite returns bytea as a Uint8Array, node-postgres as a Buffer.
  return { fileName: row.file_name, content: Buffer.from(row.content) };
}

/** Removes the stored copy of an invoice, with an audit event; not_found when there is none. */
export async function removeInvoiceDocument(
  executor: Executor,
  context: AuditContext,
  params: { invoiceId: string },
): Promise<void> {
  const invoice = await findInvoice(executor, params.invoiceId);
  const before = await readInvoiceDocumentInfo(executor, invoice.id);
  if (!before) {
    throw new AppError('not_found', `Invoice ${invoice.number} has no stored copy.`);
  }
  await executor.deleteFrom('invoice_documents').where('invoice_id', '=', invoice.id).execute();
  await recordAudit(executor, {
    ...context,
    action: 'invoice.document_removed',
    subjectType: 'invoice',
    subjectId: invoice.id,
    entityId: invoice.entity_id,
    before: { invoiceNumber: invoice.number, ...before },
  });
}

/**
 * Lists the stored copies of a debtor's invoices, without their content.
 * Throws not_found for a debtor outside the caller's organisation or entities.
 */
export async function listDebtorInvoiceDocuments(
  executor: Executor,
  params: { debtorId: string },
): Promise<InvoiceDocumentInfo[]> {
  const debtor = await executor
    .selectFrom('debtors')
    .select('id')
    .where('id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }
  const rows = await executor
    .selectFrom('invoice_documents as d')
    .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
    .select([
      'd.invoice_id',
      'd.file_name',
      'd.byte_size',
      'd.uploaded_by',
      sql<Date>`d.uploaded_at`.as('uploaded_at'),
    ])
    .where('i.debtor_id', '=', params.debtorId)
    .orderBy('i.number')
    .execute();

  return rows.map(toInfo);
}

/**
 * Loads the stored copies of `invoiceIds` for an e-mail, in that order.
 * `missing` lists the numbers of the invoices without a copy.
 */
export async function loadInvoiceCopies(
  executor: Executor,
  params: { invoiceIds: readonly string[] },
): Promise<{ copies: InvoiceCopy[]; missing: string[] }> {
  if (params.invoiceIds.length === 0) {
    return { copies: [], missing: [] };
  }
  const rows = await executor
    .selectFrom('invoices as i')
    .leftJoin('invoice_documents as d', 'd.invoice_id', 'i.id')
    .select(['i.id', 'i.number', 'd.file_name', 'd.content'])
    .where('i.id', 'in', [...params.invoiceIds])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));

  const copies: InvoiceCopy[] = [];
  const missing: string[] = [];
  for (const id of params.invoiceIds) {
    const row = byId.get(id);
    if (row?.file_name && row.content) {
      copies.push({
        invoiceId: id,
        invoiceNumber: row.number,
        fileName: row.file_name,
        content: Buffer.from(row.content),
      });
    } else if (row) {
      missing.push(row.number);
    }
  }

  return { copies, missing };
}

async function findInvoice(
  executor: Executor,
  invoiceId: string,
): Promise<{ id: string; entity_id: string; number: string }> {
  const invoice = await executor
    .selectFrom('invoices')
    .select(['id', 'entity_id', 'number'])
    .where('id', '=', invoiceId)
    .executeTakeFirst();
  if (!invoice) {
    throw new AppError('not_found', `Invoice ${invoiceId} does not exist.`);
  }

  return invoice;
}

async function readInvoiceDocumentInfo(
  executor: Executor,
  invoiceId: string,
): Promise<InvoiceDocumentInfo | null> {
  const row = await executor
    .selectFrom('invoice_documents')
    .select(['invoice_id', 'file_name', 'byte_size', 'uploaded_by', uploadedAt])
    .where('invoice_id', '=', invoiceId)
    .executeTakeFirst();

  return row ? toInfo(row) : null;
}

function toInfo(row: {
  invoice_id: string;
  file_name: string;
  byte_size: number;
  uploaded_by: string;
  uploaded_at: Date;
}): InvoiceDocumentInfo {
  return {
    invoiceId: row.invoice_id,
    fileName: row.file_name,
    byteSize: row.byte_size,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at.toISOString(),
  };
}
