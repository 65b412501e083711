import { recordAudit } from '../audit/record-audit.ts';
import type { Executor } from '../db/database.ts';
import { addDays, dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { loadInvoiceBalances, type InvoiceBalance } from '../payments/invoice-balances.ts';
import { generatePaymentLinkToken, hashPaymentLinkToken } from './payment-link-token.ts';

/** Most invoices one payment link may cover. */
export const MAX_LINK_INVOICES = 200;

export interface CreatedPaymentLink {
  id: string;
  /** The token of the public address; it is not stored, so show it once. */
  token: string;
  currency: string;
  /** The total open on the link's invoices when it was made. */
  amountMinor: number;
  invoiceIds: string[];
  /** The last day on which the link works, in the entity's time zone; null: no expiry. */
  expiresOn: PlainDate | null;
}

/**
 * Makes a payment link for a debtor's invoices, in the caller's transaction,
 * and audits 'payment_link.created'. Without `invoiceIds` the link covers
 * every invoice of the debtor with something open. With them, it covers
 * exactly those invoices, which must be the debtor's and have something open. The
 * invoices must share one currency and their open total, principal and
 * charges, must be positive. A message's link passes its own `token` (see
 * deriveMessageLinkToken); otherwise a random one is made. The link works
 * through the entity's payment_link_expiry_days after today, or for a
 * message's link its message_payment_link_expiry_days (no expiry when that
 * is null), counted in the entity's time zone. Throws AppError
 * not_found for a debtor the caller cannot see and invalid_input for
 * invoices that cannot be paid together.
 */
export async function createPaymentLink(
  executor: Executor,
  params: {
    organisationId: string;
    debtorId: string;
    invoiceIds?: string[] | undefined;
    actor: string;
    messageId?: string | undefined;
    token?: string | undefined;
  },
): Promise<CreatedPaymentLink> {
  const debtor = await executor
    .selectFrom('debtors')
    .innerJoin('entities as e', 'e.id', 'debtors.entity_id')
    .select([
      'debtors.id',
      'debtors.entity_id',
      'e.time_zone',
      'e.payment_link_expiry_days',
      'e.message_payment_link_expiry_days',
    ])
    .where('debtors.id', '=', params.debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${params.debtorId} does not exist.`);
  }

  const balances = await loadLinkBalances(executor, params);
  const currencies = [...new Set(balances.map((balance) => balance.currency))];
  if (currencies.length > 1) {
    throw new AppError(
      'invalid_input',
      `The invoices are in several currencies (${currencies.join(', ')}); choose invoices of one currency for a payment link.`,
      { field: 'invoiceIds' },
    );
  }
  const amountMinor = balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  const currency = currencies[0];
  if (!currency || amountMinor <= 0) {
    throw new AppError(
      'invalid_input',
      'Nothing is open on these invoices, so there is nothing to pay through a payment link.',
      { field: 'invoiceIds' },
    );
  }

  const expiryDays =
    params.messageId === undefined
      ? debtor.payment_link_expiry_days
      : debtor.message_payment_link_expiry_days;
  const expiresOn =
    expiryDays === null ? null : addDays(dateInTimeZone(new Date(), debtor.time_zone), expiryDays);
  const token = params.token ?? generatePaymentLinkToken();
  const link = await executor
    .insertInto('payment_links')
    .values({
      organisation_id: params.organisationId,
      entity_id: debtor.entity_id,
      debtor_id: debtor.id,
      message_id: params.messageId ?? null,
      token_hash: hashPaymentLinkToken(token),
      currency,
      amount_minor: amountMinor,
      expires_on: expiresOn,
      created_by: params.actor,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const invoiceIds = balances.map((balance) => balance.invoiceId);
  await executor
    .insertInto('payment_link_invoices')
    .values(
      invoiceIds.map((invoiceId) => ({
        organisation_id: params.organisationId,
        payment_link_id: link.id,
        invoice_id: invoiceId,
      })),
    )
    .execute();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'payment_link.created',
    subjectType: 'payment_link',
    subjectId: link.id,
    entityId: debtor.entity_id,
    after: {
      debtorId: debtor.id,
      messageId: params.messageId ?? null,
      currency,
      amountMinor,
      invoiceIds,
      expiresOn,
    },
  });

  return { id: link.id, token, currency, amountMinor, invoiceIds, expiresOn };
}

/**
 * Loads the balances of the chosen invoices, or of every invoice of the
 * debtor with something open. Credit notes of the debtor count in the open
 * total, because they lower what the debtor owes.
 */
async function loadLinkBalances(
  executor: Executor,
  params: { organisationId: string; debtorId: string; invoiceIds?: string[] | undefined },
): Promise<InvoiceBalance[]> {
  if (!params.invoiceIds) {
    return loadInvoiceBalances(executor, {
      organisationId: params.organisationId,
      debtorId: params.debtorId,
    });
  }

  const invoiceIds = [...new Set(params.invoiceIds)];
  if (invoiceIds.length === 0 || invoiceIds.length > MAX_LINK_INVOICES) {
    throw new AppError(
      'invalid_input',
      `Choose 1 to ${MAX_LINK_INVOICES} invoices for a payment link, or leave invoiceIds out for the open total.`,
      { field: 'invoiceIds' },
    );
  }
  const balances = await loadInvoiceBalances(executor, {
    organisationId: params.organisationId,
    invoiceIds,
    debtorId: params.debtorId,
  });
  const found = new Set(balances.map((balance) => balance.invoiceId));
  const missing = invoiceIds.filter((invoiceId) => !found.has(invoiceId));
  if (missing.length > 0) {
    throw new AppError(
      'invalid_input',
      `Invoice ${missing.join(', ')} is not an invoice of this debtor; choose from the invoices on the customer card.`,
      { field: 'invoiceIds', invoiceIds: missing },
    );
  }
  const settledNumbers = balances
    .filter((balance) => balance.kind === 'invoice' && balance.totalOpenMinor <= 0)
    .map((balance) => balance.number);
  if (settledNumbers.length > 0) {
    throw new AppError(
      'invalid_input',
      `Invoice ${settledNumbers.join(', ')} has nothing open; leave it out of the payment link.`,
      { field: 'invoiceIds' },
    );
  }

  return balances;
}
