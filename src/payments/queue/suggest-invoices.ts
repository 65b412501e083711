import type { Executor } from '../../db/database.ts';
import type { PlainDate } from '../../dates/plain-date.ts';
import { formatDecimal } from '../../money/money.ts';
import { loadInvoiceBalances, type InvoiceBalance } from '../invoice-balances.ts';
import { remittanceTokens } from '../remittance-tokens.ts';

/** Reason that an invoice resembles a payment. */
export type SuggestionReason = 'reference' | 'invoice_number' | 'amount' | 'iban' | 'name';

/**
 * Weight of each reason in a suggestion's score. A quoted reference or
 * invoice number outweighs the rest. A known IBAN outweighs an equal amount,
 * because many invoices share an amount. An equal name counts least.
 */
const REASON_WEIGHTS: Record<SuggestionReason, number> = {
  reference: 100,
  invoice_number: 80,
  iban: 40,
  amount: 30,
  name: 20,
};

export interface InvoiceSuggestion {
  invoiceId: string;
  number: string;
  dueDate: PlainDate;
  currency: string;
  /** Everything open on the invoice (principal and charges), as a decimal string. */
  open: string;
  debtor: { id: string; number: string; name: string };
  reasons: SuggestionReason[];
  score: number;
}

/** The fields of an unmatched payment that the suggestions compare. */
export interface SuggestionPayment {
  id: string;
  entityId: string;
  currency: string;
  remainderMinor: number;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  remittanceText: string | null;
  reference: string | null;
}

/** The invoices each reason points to: invoice id to the reasons, per payment id. */
type Candidates = Map<string, Map<string, Set<SuggestionReason>>>;

/**
 * Suggests open invoices for each payment, best first, at most `limit` per
 * payment. An invoice is a candidate when the remittance text quotes its
 * payment reference or its number, when its debtor paid from the
 * counterparty IBAN before or has the counterparty's name, or when its
 * original amount equals the payment's remainder. The score adds the
 * weights of the reasons, and an open total equal to the remainder counts
 * as the amount reason. Credit notes, invoices in another currency and
 * invoices with nothing open are left out.
 *
 * NOTE: a part-paid invoice whose open total equals the remainder is found
 * by amount only when another reason points to its debtor, because the
 * search by amount compares original amounts.
 */
export async function suggestInvoices(
  executor: Executor,
  params: { organisationId: string; payments: readonly SuggestionPayment[]; limit: number },
): Promise<Map<string, InvoiceSuggestion[]>> {
  const suggestions = new Map<string, InvoiceSuggestion[]>();
  const payments = params.payments.filter((payment) => payment.remainderMinor > 0);
  if (payments.length === 0) {
    return suggestions;
  }

  const candidates: Candidates = new Map(payments.map((payment) => [payment.id, new Map()]));
  await addQuotedInvoices(executor, payments, candidates);
  await addInvoicesOfOriginalAmount(executor, payments, candidates);
  const debtorInvoices = await addInvoicesOfKnownDebtors(executor, params, payments, candidates);

  const invoiceIds = [...new Set([...candidates.values()].flatMap((found) => [...found.keys()]))];
  const balances = new Map(
    (invoiceIds.length === 0
      ? []
      : await loadInvoiceBalances(executor, { organisationId: params.organisationId, invoiceIds })
    )
      .concat(debtorInvoices)
      .map((balance) => [balance.invoiceId, balance]),
  );
  const debtors = await loadDebtors(executor, [...balances.values()]);

  for (const payment of payments) {
    const ranked: InvoiceSuggestion[] = [];
    for (const [invoiceId, reasons] of candidates.get(payment.id) ?? []) {
      const balance = balances.get(invoiceId);
      const debtor = balance && debtors.get(balance.debtorId);
      if (!balance || !debtor || !isSuggestible(balance, payment)) {
        continue;
      }
      if (balance.totalOpenMinor === payment.remainderMinor) {
        reasons.add('amount');
      }
      const reasonList = [...reasons].sort((a, b) => REASON_WEIGHTS[b] - REASON_WEIGHTS[a]);
      ranked.push({
        invoiceId,
        number: balance.number,
        dueDate: balance.dueDate,
        currency: balance.currency,
        open: formatDecimal(balance.totalOpenMinor, balance.currency),
        debtor,
        reasons: reasonList,
        score: reasonList.reduce((sum, reason) => sum + REASON_WEIGHTS[reason], 0),
      });
    }
    ranked.sort(
      (a, b) =>
        b.score - a.score || a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number),
    );
    suggestions.set(payment.id, ranked.slice(0, params.limit));
  }

  return suggestions;
}

function isSuggestible(balance: InvoiceBalance, payment: SuggestionPayment): boolean {
  return (
    balance.kind === 'invoice' &&
    balance.entityId === payment.entityId &&
    balance.currency === payment.currency &&
    balance.totalOpenMinor > 0
  );
}

function addCandidate(
  candidates: Candidates,
  paymentId: string,
  invoiceId: string,
  reason: SuggestionReason,
) {
  const found = candidates.get(paymentId);
  if (!found) {
    return;
  }
  const reasons = found.get(invoiceId) ?? new Set<SuggestionReason>();
  reasons.add(reason);
  found.set(invoiceId, reasons);
}

/** Adds the invoices whose payment reference or number is a word of the remittance text or reference. */
async function addQuotedInvoices(
  executor: Executor,
  payments: readonly SuggestionPayment[],
  candidates: Candidates,
) {
  const tokensByPayment = new Map(
    payments.map((payment) => [
      payment.id,
      new Set(remittanceTokens(`${payment.remittanceText ?? ''} ${payment.reference ?? ''}`)),
    ]),
  );
  const tokens = [...new Set([...tokensByPayment.values()].flatMap((set) => [...set]))];
  if (tokens.length === 0) {
    return;
  }

  const invoices = await executor
    .selectFrom('invoices')
    .select(['id', 'entity_id', 'number', 'payment_reference'])
    .where('entity_id', 'in', [...new Set(payments.map((payment) => payment.entityId))])
    .where('closed_on', 'is', null)
    .where((eb) =>
      eb.or([eb('number', 'in', tokens), eb(eb.fn('upper', ['payment_reference']), 'in', tokens)]),
    )
    .execute();

  for (const payment of payments) {
    const words = tokensByPayment.get(payment.id) ?? new Set<string>();
    for (const invoice of invoices.filter((row) => row.entity_id === payment.entityId)) {
      const reference = invoice.payment_reference?.toUpperCase();
      if (reference !== undefined && words.has(reference)) {
        addCandidate(candidates, payment.id, invoice.id, 'reference');
      }
      if (words.has(invoice.number)) {
        addCandidate(candidates, payment.id, invoice.id, 'invoice_number');
      }
    }
  }
}

/** Adds the open invoices whose original amount equals a payment's remainder. */
async function addInvoicesOfOriginalAmount(
  executor: Executor,
  payments: readonly SuggestionPayment[],
  candidates: Candidates,
) {
  const invoices = await executor
    .selectFrom('invoices')
    .select(['id', 'entity_id', 'currency', 'amount_minor'])
    .where('entity_id', 'in', [...new Set(payments.map((payment) => payment.entityId))])
    .where('closed_on', 'is', null)
    .where('kind', '=', 'invoice')
    .where('amount_minor', 'in', [...new Set(payments.map((payment) => payment.remainderMinor))])
    .execute();

  for (const payment of payments) {
    for (const invoice of invoices) {
      if (
        invoice.entity_id === payment.entityId &&
        invoice.currency === payment.currency &&
        invoice.amount_minor === payment.remainderMinor
      ) {
        addCandidate(candidates, payment.id, invoice.id, 'amount');
      }
    }
  }
}

/**
 * Adds the open invoices of debtors that paid from the counterparty IBAN
 * before, or whose name equals the counterparty's name (ignoring case), and
 * returns their balances, which the caller needs anyway.
 */
async function addInvoicesOfKnownDebtors(
  executor: Executor,
  params: { organisationId: string },
  payments: readonly SuggestionPayment[],
  candidates: Candidates,
): Promise<InvoiceBalance[]> {
  const entityIds = [...new Set(payments.map((payment) => payment.entityId))];
  const ibans = [...new Set(payments.flatMap((payment) => payment.counterpartyIban ?? []))];
  const names = [
    ...new Set(payments.flatMap((payment) => payment.counterpartyName?.trim().toLowerCase() ?? [])),
  ].filter((name) => name !== '');

  const byIban =
    ibans.length === 0
      ? []
      : await executor
          .selectFrom('payments')
          .select(['entity_id', 'debtor_id', 'counterparty_iban as key'])
          .distinct()
          .where('entity_id', 'in', entityIds)
          .where('counterparty_iban', 'in', ibans)
          .where('debtor_id', 'is not', null)
          .execute();
  const byName =
    names.length === 0
      ? []
      : await executor
          .selectFrom('debtors')
          .select([
            'entity_id',
            'id as debtor_id',
            (eb) => eb.fn<string>('lower', ['name']).as('key'),
          ])
          .where('entity_id', 'in', entityIds)
          .where((eb) => eb(eb.fn('lower', ['name']), 'in', names))
          .execute();

  const debtorIds = [
    ...new Set([...byIban, ...byName].flatMap((row) => (row.debtor_id ? [row.debtor_id] : []))),
  ];
  const balances: InvoiceBalance[] = [];
  // NOTE: one balance query per debtor found; a queue page finds a few debtors per payment.
  for (const debtorId of debtorIds) {
    balances.push(
      ...(await loadInvoiceBalances(executor, { organisationId: params.organisationId, debtorId })),
    );
  }

  for (const payment of payments) {
    const matches = (rows: typeof byIban, key: string | undefined, reason: SuggestionReason) => {
      const debtorsOfKey = new Set(
        rows
          .filter((row) => row.entity_id === payment.entityId && row.key === key)
          .map((row) => row.debtor_id),
      );
      for (const balance of balances) {
        if (debtorsOfKey.has(balance.debtorId)) {
          addCandidate(candidates, payment.id, balance.invoiceId, reason);
        }
      }
    };
    matches(byIban, payment.counterpartyIban ?? undefined, 'iban');
    matches(byName, payment.counterpartyName?.trim().toLowerCase(), 'name');
  }

  return balances;
}

async function loadDebtors(
  executor: Executor,
  balances: readonly InvoiceBalance[],
): Promise<Map<string, { id: string; number: string; name: string }>> {
  const ids = [...new Set(balances.map((balance) => balance.debtorId))];
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await executor
    .selectFrom('debtors')
    .select(['id', 'number', 'name'])
    .where('id', 'in', ids)
    .execute();

  return new Map(rows.map((row) => [row.id, row]));
}
