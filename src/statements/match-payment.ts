import { sql } from 'kysely';
import type { BankTransaction } from '../bank-statements/statement-model.ts';
import type { Executor } from '../db/database.ts';
import type { MatchMethod } from '../db/schema.ts';
import { learnDebtorBankAccount } from '../debtors/bank-accounts/learn-debtor-bank-account.ts';
import { allocatePayment } from '../payments/allocate-payment.ts';
import { normaliseIban } from '../payments/iban.ts';
import { loadInvoiceBalances, type InvoiceBalance } from '../payments/invoice-balances.ts';
import { findInvoiceNumberTokens } from '../payments/remittance-tokens.ts';
import { findInvoicesByReference } from './find-invoices-by-reference.ts';
import { transactionPaymentReferences } from './transaction-payment-references.ts';

/** A booked receipt to match: the payment row and the bank's data it came from. */
export interface ReceiptToMatch {
  organisationId: string;
  entityId: string;
  paymentId: string;
  currency: string;
  amountMinor: number;
  transaction: BankTransaction;
}

export interface MatchOutcome {
  /** The rule that found the invoices; undefined when none did. */
  method?: MatchMethod;
  allocatedMinor: number;
  remainderMinor: number;
}

/** The invoices one rule found, before the open ones are picked. */
interface RuleResult {
  method: MatchMethod;
  invoiceIds: string[];
}

/**
 * Matches a receipt to open invoices of its entity and allocates it, trying
 * three rules in order and using the first that finds an open invoice:
 *
 * 1. reference: a valid RF or Dutch payment reference in the remittance
 *    equals an invoice's payment reference, or a dunning message's, which
 *    covers the invoices the message listed;
 * 2. invoice_number: invoice numbers of the entity appear as whole tokens in
 *    the remittance text, the end-to-end id or the references;
 * 3. amount_iban: the counterparty IBAN is a bank account of exactly one
 *    debtor of the entity, and the amount equals the open total of one of
 *    its invoices (the oldest when several do) or of all its open invoices
 *    together.
 *
 * Only invoices in the payment's currency with something open count, and
 * only when they all belong to one debtor. The payment settles them in
 * due-date order, so a partial payment pays the oldest first and an
 * over-payment keeps its remainder unallocated, in the queue.
 *
 * When a reference or invoice numbers first name one debtor, the
 * counterparty IBAN becomes a learned bank account of that debtor, even when
 * nothing of the debtor was open, so the debtor's next payment from it
 * matches by amount.
 */
export async function matchPayment(
  executor: Executor,
  receipt: ReceiptToMatch,
  actor: string,
): Promise<MatchOutcome> {
  const rules = [findByReference, findByInvoiceNumber, findByAmountAndIban];
  let identifiedDebtorId: string | undefined;

  for (const rule of rules) {
    const found = await rule(executor, receipt);
    if (found === undefined || found.invoiceIds.length === 0) {
      continue;
    }
    const balances = await loadInvoiceBalances(executor, {
      organisationId: receipt.organisationId,
      invoiceIds: found.invoiceIds,
    });
    const debtorIds = new Set(balances.map((balance) => balance.debtorId));
    if (debtorIds.size !== 1) {
      continue;
    }
    if (identifiedDebtorId === undefined && found.method !== 'amount_iban') {
      await learnFromReceipt(executor, receipt, balances[0]?.debtorId, actor);
    }
    identifiedDebtorId ??= balances[0]?.debtorId;
    const open = openInReceiptCurrency(balances, receipt.currency);
    if (open.length === 0) {
      continue;
    }
    const result = await allocatePayment(executor, {
      organisationId: receipt.organisationId,
      paymentId: receipt.paymentId,
      targets: open.map((balance) => ({ invoiceId: balance.invoiceId })),
      method: found.method,
      actor,
    });

    return {
      method: found.method,
      allocatedMinor: result.allocatedMinor,
      remainderMinor: result.remainderMinor,
    };
  }

  if (identifiedDebtorId !== undefined) {
    await recordDebtor(executor, receipt.paymentId, identifiedDebtorId);
  }

  return { allocatedMinor: 0, remainderMinor: receipt.amountMinor };
}

/** Invoices with something open in the currency, in due-date order (then number). */
function openInReceiptCurrency(balances: InvoiceBalance[], currency: string): InvoiceBalance[] {
  return balances
    .filter((balance) => balance.currency === currency && balance.totalOpenMinor > 0)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.number.localeCompare(b.number, 'en'));
}

async function findByReference(
  executor: Executor,
  receipt: ReceiptToMatch,
): Promise<RuleResult | undefined> {
  const references = transactionPaymentReferences(receipt.transaction);
  const invoiceIds = await findInvoicesByReference(executor, {
    entityId: receipt.entityId,
    references,
  });

  return { method: 'reference', invoiceIds };
}

async function findByInvoiceNumber(
  executor: Executor,
  receipt: ReceiptToMatch,
): Promise<RuleResult | undefined> {
  const { transaction } = receipt;
  const texts = [
    transaction.remittanceText,
    transaction.endToEndId,
    ...transaction.structuredReferences.map((reference) => reference.reference),
  ].filter((text): text is string => text !== undefined);
  const tokens = [...new Set(texts.flatMap(findInvoiceNumberTokens))];
  if (tokens.length === 0) {
    return undefined;
  }
  const rows = await executor
    .selectFrom('invoices')
    .select('id')
    .where('entity_id', '=', receipt.entityId)
    .where(sql<string>`upper(number)`, 'in', tokens)
    .execute();

  return { method: 'invoice_number', invoiceIds: rows.map((row) => row.id) };
}

/**
 * Finds invoices by amount for the debtor whose bank account the
 * counterparty IBAN is. An IBAN that is a bank account of two or more
 * debtors of the entity identifies none of them.
 */
async function findByAmountAndIban(
  executor: Executor,
  receipt: ReceiptToMatch,
): Promise<RuleResult | undefined> {
  const iban = receipt.transaction.counterparty.iban;
  if (iban === undefined) {
    return undefined;
  }
  const debtors = await executor
    .selectFrom('debtor_bank_accounts')
    .select('debtor_id')
    .distinct()
    .where('entity_id', '=', receipt.entityId)
    .where('iban', '=', normaliseIban(iban))
    .limit(2)
    .execute();
  const debtorId = debtors.length === 1 ? debtors[0]?.debtor_id : undefined;
  if (!debtorId) {
    return undefined;
  }

  const open = openInReceiptCurrency(
    await loadInvoiceBalances(executor, {
      organisationId: receipt.organisationId,
      entityId: receipt.entityId,
      debtorId,
    }),
    receipt.currency,
  );
  const single = open.find((balance) => balance.totalOpenMinor === receipt.amountMinor);
  const total = open.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  if (single !== undefined) {
    return { method: 'amount_iban', invoiceIds: [single.invoiceId] };
  }
  if (total === receipt.amountMinor) {
    return { method: 'amount_iban', invoiceIds: open.map((balance) => balance.invoiceId) };
  }

  return undefined;
}

/** Stores the receipt's counterparty IBAN as a learned bank account of the debtor its reference or invoice numbers named. */
async function learnFromReceipt(
  executor: Executor,
  receipt: ReceiptToMatch,
  debtorId: string | undefined,
  actor: string,
): Promise<void> {
  if (debtorId === undefined) {
    return;
  }
  await learnDebtorBankAccount(executor, {
    organisationId: receipt.organisationId,
    actor,
    debtorId,
    paymentId: receipt.paymentId,
    counterparty: receipt.transaction.counterparty,
  });
}

/** Keeps the debtor that a reference or invoice number named, when nothing of it was open. */
async function recordDebtor(executor: Executor, paymentId: string, debtorId: string) {
  await executor
    .updateTable('payments')
    .set({ debtor_id: debtorId })
    .where('id', '=', paymentId)
    .where('debtor_id', 'is', null)
    .execute();
}
