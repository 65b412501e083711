import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import type { PlainDate } from '../dates/plain-date.ts';
import { sql } from 'kysely';
import { chunk, columnNames, unnestRows, WRITE_CHUNK_SIZE, type ColumnSpec } from './batching.ts';
import type { UpsertedInvoice } from './upsert-invoices.ts';

interface ImportPayment {
  id: string;
  invoice_id: string;
  debtor_id: string;
  payment_date: PlainDate;
  currency: string;
  /** Minor units of `currency`, with the sign of the invoice amount. */
  amount_minor: number;
  reference: string;
  external_key: string;
}

const paymentColumns: ReadonlyArray<ColumnSpec<ImportPayment>> = [
  ['id', 'uuid'],
  ['debtor_id', 'uuid'],
  ['payment_date', 'date'],
  ['currency', 'text'],
  ['amount_minor', 'bigint'],
  ['reference', 'text'],
  ['external_key', 'text'],
];

const allocationColumns: ReadonlyArray<ColumnSpec<ImportPayment>> = [
  ['id', 'uuid'],
  ['invoice_id', 'uuid'],
  ['amount_minor', 'bigint'],
];

/**
 * Books the payments that the file reports and the database lacks, each
 * allocated in full to its invoice:
 * - a paid (settled) date: the rest of the amount, on that date;
 * - an open amount below the amount: what is paid beyond the allocations
 *   already there, on the import date.
 * The external key derives from the invoice number (and the total paid), so
 * importing the same file again books nothing. Returns how many were booked.
 */
export async function bookImportPayments(
  trx: Executor,
  params: {
    organisationId: string;
    entityId: string;
    importDate: PlainDate;
    invoices: UpsertedInvoice[];
  },
): Promise<number> {
  const payments = params.invoices.flatMap((upserted) => {
    const payment = paymentFor(upserted, params.importDate);
    return payment ? [payment] : [];
  });

  let booked = 0;
  for (const batch of chunk(payments, WRITE_CHUNK_SIZE)) {
    booked += await insertPayments(trx, params, batch);
  }
  return booked;
}

function paymentFor(upserted: UpsertedInvoice, importDate: PlainDate): ImportPayment | undefined {
  const { invoice, allocatedMinor } = upserted;
  const paidMinor = invoice.paidDate
    ? invoice.amountMinor
    : invoice.openMinor !== undefined
      ? invoice.amountMinor - invoice.openMinor
      : 0;
  const missingMinor = paidMinor - allocatedMinor;
  // NOTE: a file that reports less paid than is already allocated (a payment
  // matched here before the source books it) books nothing; nothing is reversed.
  if (missingMinor === 0 || Math.sign(missingMinor) !== Math.sign(invoice.amountMinor)) {
    return undefined;
  }

  return {
    id: randomUUID(),
    invoice_id: upserted.id,
    debtor_id: upserted.debtorId,
    payment_date: invoice.paidDate ?? importDate,
    currency: invoice.currency,
    amount_minor: missingMinor,
    reference: invoice.number,
    external_key: invoice.paidDate
      ? `invoice:${invoice.number}:paid`
      : `invoice:${invoice.number}:paid-to:${paidMinor}`,
  };
}

async function insertPayments(
  trx: Executor,
  params: { organisationId: string; entityId: string },
  payments: ImportPayment[],
): Promise<number> {
  const inserted = await sql<{ id: string }>`
    insert into payments (organisation_id, entity_id, source, ${columnNames(paymentColumns)})
    select ${params.organisationId}::uuid, ${params.entityId}::uuid, 'import', p.*
    from ${unnestRows(payments, 'p', paymentColumns)}
    on conflict (entity_id, source, external_key) do nothing
    returning id`.execute(trx);
  if (inserted.rows.length === 0) {
    return 0;
  }

  const insertedIds = new Set(inserted.rows.map((row) => row.id));
  const allocations = payments.filter((payment) => insertedIds.has(payment.id));
  await sql`
    insert into allocations (organisation_id, payment_id, invoice_id, amount_minor)
    select ${params.organisationId}::uuid, a.id, a.invoice_id, a.amount_minor
    from ${unnestRows(allocations, 'a', allocationColumns)}`.execute(trx);

  return inserted.rows.length;
}
