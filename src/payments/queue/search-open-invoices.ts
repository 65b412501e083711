import type { Executor } from '../../db/database.ts';
import type { PlainDate } from '../../dates/plain-date.ts';
import { formatDecimal } from '../../money/money.ts';
import { loadInvoiceBalances } from '../invoice-balances.ts';
import { findPayment } from './lock-payment.ts';

export interface OpenInvoice {
  invoiceId: string;
  number: string;
  dueDate: PlainDate;
  currency: string;
  amount: string;
  /** Everything open (principal and charges), as a decimal string. */
  open: string;
  debtor: { id: string; number: string; name: string };
}

/** Escapes LIKE's wildcards, so the search text matches as written. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Finds open invoices that a payment can be allocated to: invoices (not
 * credit notes) of the payment's entity and currency with something open,
 * whose number, debtor number or debtor name contains `query` (ignoring
 * case), by due date, at most `limit`.
 */
export async function searchOpenInvoices(
  executor: Executor,
  params: { organisationId: string; paymentId: string; query: string; limit: number },
): Promise<OpenInvoice[]> {
  const payment = await findPayment(executor, params.paymentId);
  const pattern = likePattern(params.query.trim());
  const rows = await executor
    .selectFrom('invoices as i')
    .innerJoin('debtors as d', 'd.id', 'i.debtor_id')
    .select([
      'i.id',
      'i.amount_minor',
      'd.id as debtor_id',
      'd.number as debtor_number',
      'd.name as debtor_name',
    ])
    .where('i.entity_id', '=', payment.entity_id)
    .where('i.currency', '=', payment.currency)
    .where('i.kind', '=', 'invoice')
    .where('i.closed_on', 'is', null)
    .where((eb) =>
      eb.or([
        eb('i.number', 'ilike', pattern),
        eb('d.number', 'ilike', pattern),
        eb('d.name', 'ilike', pattern),
      ]),
    )
    .orderBy('i.due_date')
    .orderBy('i.number')
    // Fully paid invoices are dropped below, so read more rows than are returned.
    .limit(params.limit * 4)
    .execute();
  if (rows.length === 0) {
    return [];
  }

  const rowsById = new Map(rows.map((row) => [row.id, row]));
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds: [...rowsById.keys()],
  });

  return balances
    .filter((balance) => balance.totalOpenMinor > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number))
    .slice(0, params.limit)
    .flatMap((balance) => {
      const row = rowsById.get(balance.invoiceId);
      return row
        ? [
            {
              invoiceId: balance.invoiceId,
              number: balance.number,
              dueDate: balance.dueDate,
              currency: balance.currency,
              amount: formatDecimal(row.amount_minor, balance.currency),
              open: formatDecimal(balance.totalOpenMinor, balance.currency),
              debtor: { id: row.debtor_id, number: row.debtor_number, name: row.debtor_name },
            },
          ]
        : [];
    });
}
