import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation, type TenantTransaction } from '../db/tenant.ts';
import { dateInTimeZone } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import { formatDecimal } from '../money/money.ts';
import { loadInvoiceBalances, type InvoiceBalance } from '../payments/invoice-balances.ts';
import { PaymentProviderError } from '../payment-providers/provider-error.ts';
import {
  buildPaymentLinkUrl,
  hashPaymentLinkToken,
  PAYMENT_LINK_TOKEN,
} from './payment-link-token.ts';
import { createProviderPayment, fetchProviderPaymentState } from './provider-payment-calls.ts';
import {
  loadPaymentProvider,
  type PaymentProvider,
  type ProviderApiUrls,
} from './provider-for-organisation.ts';
import { loadLinkInvoiceIds, recordProviderPayment } from './record-provider-payment.ts';

/** The page language of a payment link: Dutch for Dutch-speaking debtors, else English. */
export type PayPageLanguage = 'nl' | 'en';

/** The bank transfer details that a debtor needs to pay an expired link. */
export interface BankTransferDetails {
  /** The entity's name: the account holder. */
  accountHolder: string;
  /** The entity's IBAN in electronic form; null when the entity has none set. */
  iban: string | null;
  bic: string | null;
  /** The amount open now, such as "350.00", and its currency. */
  amount: string;
  currency: string;
  /** One payment reference for the whole amount: the message's, or the only invoice's. */
  paymentReference: string | null;
  /** Each invoice with its own payment reference, when there is no single reference. */
  invoices: Array<{ number: string; openAmount: string; paymentReference: string | null }>;
}

/**
 * The result of opening a payment link: a redirect to the provider's payment
 * page, or one of Collecta's own small pages. not_found covers unknown and
 * cancelled links alike, so the page does not tell which tokens exist. An
 * expired link with something open gets the bank transfer details instead.
 */
export type OpenedPaymentLink =
  | { kind: 'redirect'; url: string }
  | { kind: 'not_found' }
  | { kind: 'expired'; language: PayPageLanguage; bankTransfer: BankTransferDetails }
  | { kind: 'paid'; language: PayPageLanguage }
  | { kind: 'processing'; language: PayPageLanguage }
  | { kind: 'not_completed'; language: PayPageLanguage; retryUrl: string }
  | { kind: 'unavailable'; language: PayPageLanguage };

/** The parts of a logger that opening a link writes to; never give it a secret. */
export interface PayLog {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/** Statuses that end a provider payment without money. */
const ENDED_STATUSES = new Set(['canceled', 'expired', 'failed']);

interface LinkState {
  organisationId: string;
  linkId: string;
  /** The link's last day passed; it creates no provider payment any more. */
  expired: boolean;
  bankTransfer: BankTransferDetails;
  entityName: string;
  language: PayPageLanguage;
  currency: string;
  openMinor: number;
  invoiceNumbers: string[];
  /** Provider payments made for the link so far, newest first. */
  providerPayments: Array<{
    providerPaymentId: string;
    provider: string;
    checkoutUrl: string;
    amountMinor: number;
    status: string;
  }>;
}

/**
 * Opens a payment link for the debtor who follows it. It finds the link by
 * the SHA-256 of the token and computes what is still open on its invoices,
 * principal and charges. When nothing is open the debtor gets the "already
 * paid" page. Otherwise an open provider payment for that exact amount is
 * reused, or a new one is created and stored, and the debtor is sent to its
 * checkout page. A provider payment found paid on the way is booked at once,
 * so a debtor whose webhook is late cannot pay twice. `returned` is set
 * when the payer comes back from the payment page.
 */
export async function openPaymentLink(
  database: DatabaseHandle,
  params: {
    token: string;
    returned: boolean;
    publicUrl: string;
    apiUrls: ProviderApiUrls;
    log: PayLog;
  },
): Promise<OpenedPaymentLink> {
  if (!PAYMENT_LINK_TOKEN.test(params.token)) {
    return { kind: 'not_found' };
  }
  // The organisation is not known before the token is looked up, so this one
  // query reads across organisations; everything after runs as the tenant.
  const found = await database.db
    .selectFrom('payment_links')
    .select(['id', 'organisation_id'])
    .where('token_hash', '=', hashPaymentLinkToken(params.token))
    .executeTakeFirst();
  if (!found) {
    return { kind: 'not_found' };
  }
  const organisationId = found.organisation_id;
  const { state, provider, channelProblem } = await withOrganisation(
    database,
    organisationId,
    async (trx) => {
      const linkState = await loadLinkState(trx, organisationId, found.id);
      if (!linkState) {
        return { state: undefined, provider: undefined, channelProblem: null };
      }
      try {
        const channel = await loadPaymentProvider(trx, params.apiUrls);
        return { state: linkState, provider: channel, channelProblem: null };
      } catch (error) {
        if (error instanceof AppError) {
          return { state: linkState, provider: undefined, channelProblem: error.message };
        }
        throw error;
      }
    },
  );
  if (!state) {
    return { kind: 'not_found' };
  }
  const language = state.language;
  if (state.openMinor <= 0) {
    return { kind: 'paid', language };
  }
  if (state.expired) {
    params.log.info(
      { organisationId, paymentLinkId: state.linkId },
      'Expired payment link opened; bank transfer details shown',
    );
    return { kind: 'expired', language, bankTransfer: state.bankTransfer };
  }
  if (!provider) {
    params.log.warn(
      { organisationId, paymentLinkId: state.linkId, problem: channelProblem },
      'Payment link opened, but the organisation has no usable Mollie or Stripe payment channel',
    );
    return { kind: 'unavailable', language };
  }

  const linkUrl = buildPaymentLinkUrl(params.publicUrl, params.token);
  try {
    const latest = await checkLatestPayment(database, provider, state);
    if (latest === 'paid' || latest === 'processing') {
      return { kind: latest, language };
    }
    if (typeof latest === 'object') {
      return { kind: 'redirect', url: latest.checkoutUrl };
    }
    if (params.returned && latest === 'ended') {
      return { kind: 'not_completed', language, retryUrl: linkUrl };
    }
    const created = await createProviderPayment(provider, {
      paymentLinkId: state.linkId,
      organisationId,
      amount: { minor: state.openMinor, currency: state.currency },
      description: describePayment(state),
      returnUrl: `${linkUrl}?returned=1`,
      webhookUrl: `${params.publicUrl}/api/webhooks/payments/${provider.name}/${organisationId}`,
      language,
      idempotencyKey: `collecta-link-${state.linkId}-${state.providerPayments.length}-${state.openMinor}`,
    });
    await withOrganisation(database, organisationId, (trx) =>
      storeProviderPayment(trx, { organisationId, state, provider: provider.name, created }),
    );
    params.log.info(
      {
        organisationId,
        paymentLinkId: state.linkId,
        provider: provider.name,
        providerPaymentId: created.providerPaymentId,
      },
      'Provider payment created for a payment link',
    );

    return { kind: 'redirect', url: created.checkoutUrl };
  } catch (error) {
    if (error instanceof PaymentProviderError || error instanceof AppError) {
      // Provider and client errors never contain the API key (see payment-providers/README.md).
      params.log.error(
        {
          organisationId,
          paymentLinkId: state.linkId,
          provider: provider.name,
          httpStatus: error instanceof PaymentProviderError ? error.httpStatus : null,
          error: error.message,
        },
        'Payment link could not reach the payment provider',
      );
      return { kind: 'unavailable', language };
    }
    throw error;
  }
}

/**
 * Loads a link with what is open on its invoices; undefined for a cancelled
 * link. An open link whose last day has passed is marked expired here.
 */
async function loadLinkState(
  trx: TenantTransaction,
  organisationId: string,
  linkId: string,
): Promise<LinkState | undefined> {
  const link = await trx
    .selectFrom('payment_links as l')
    .innerJoin('entities as e', 'e.id', 'l.entity_id')
    .innerJoin('debtors as d', 'd.id', 'l.debtor_id')
    .select([
      'l.id',
      'l.status',
      'l.currency',
      'l.expires_on',
      'l.message_id',
      'e.name as entity_name',
      'e.iban',
      'e.bic',
      'e.time_zone',
      'e.language as entity_language',
      'd.language as debtor_language',
    ])
    .where('l.id', '=', linkId)
    .executeTakeFirst();
  if (!link || link.status === 'cancelled') {
    return undefined;
  }
  const pastLastDay =
    link.expires_on !== null && link.expires_on < dateInTimeZone(new Date(), link.time_zone);
  if (pastLastDay && link.status === 'open') {
    await trx
      .updateTable('payment_links')
      .set({ status: 'expired' })
      .where('id', '=', linkId)
      .where('status', '=', 'open')
      .execute();
  }
  const balances = await loadInvoiceBalances(trx, {
    organisationId,
    invoiceIds: await loadLinkInvoiceIds(trx, linkId),
  });
  const providerPayments = await trx
    .selectFrom('provider_payments')
    .select(['provider_payment_id', 'provider', 'checkout_url', 'amount_minor', 'status'])
    .where('payment_link_id', '=', linkId)
    .orderBy('created_at', 'desc')
    .execute();
  const language = (link.debtor_language ?? link.entity_language).toLowerCase();
  const openMinor =
    link.status === 'paid' ? 0 : balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);

  return {
    organisationId,
    linkId,
    expired: pastLastDay || link.status === 'expired',
    bankTransfer: await loadBankTransferDetails(trx, {
      accountHolder: link.entity_name,
      iban: link.iban,
      bic: link.bic,
      currency: link.currency,
      openMinor,
      messageId: link.message_id,
      balances,
    }),
    entityName: link.entity_name,
    language: language.startsWith('nl') ? 'nl' : 'en',
    currency: link.currency,
    openMinor,
    invoiceNumbers: balances
      .filter((balance) => balance.kind === 'invoice')
      .map((balance) => balance.number),
    providerPayments: providerPayments.map((row) => ({
      providerPaymentId: row.provider_payment_id,
      provider: row.provider,
      checkoutUrl: row.checkout_url,
      amountMinor: Number(row.amount_minor),
      status: row.status,
    })),
  };
}

/**
 * Reads the newest provider payment of the link from the provider. Returns
 * it when it is still open for the amount open now, so the debtor goes back
 * to the same payment page. Returns 'paid' after booking a payment that
 * was paid but not yet recorded, 'processing' while the provider is still
 * settling one, 'ended' when the newest one ended unpaid, and 'none' when
 * a new one is needed.
 */
async function checkLatestPayment(
  database: DatabaseHandle,
  provider: PaymentProvider,
  state: LinkState,
): Promise<'paid' | 'processing' | 'ended' | 'none' | { checkoutUrl: string }> {
  const latest = state.providerPayments.find((payment) => payment.provider === provider.name);
  if (!latest) {
    return 'none';
  }
  if (ENDED_STATUSES.has(latest.status)) {
    return 'ended';
  }
  if (latest.status === 'paid') {
    // It paid part of what is open now, such as before a new charge; the rest needs a new payment.
    return 'none';
  }
  const current = await fetchProviderPaymentState(provider, latest.providerPaymentId);
  await withOrganisation(database, state.organisationId, (trx) =>
    recordProviderPayment(trx, {
      organisationId: state.organisationId,
      provider: provider.name,
      providerPaymentId: latest.providerPaymentId,
      state: current,
    }),
  );
  if (current.status === 'paid') {
    return 'paid';
  }
  if (current.status === 'pending' || current.status === 'authorized') {
    return 'processing';
  }
  if (current.status === 'open' && latest.amountMinor === state.openMinor) {
    return { checkoutUrl: latest.checkoutUrl };
  }

  return ENDED_STATUSES.has(current.status) ? 'ended' : 'none';
}

/**
 * Collects the bank transfer details of a link: a message's payment
 * reference covers all its invoices, and so does the reference of a link's
 * only invoice. Otherwise each invoice with something open is listed with
 * its own reference.
 */
async function loadBankTransferDetails(
  trx: TenantTransaction,
  params: {
    accountHolder: string;
    iban: string | null;
    bic: string | null;
    currency: string;
    openMinor: number;
    messageId: string | null;
    balances: InvoiceBalance[];
  },
): Promise<BankTransferDetails> {
  const open = params.balances.filter(
    (balance) => balance.kind === 'invoice' && balance.totalOpenMinor > 0,
  );
  const references = new Map(
    open.length === 0
      ? []
      : (
          await trx
            .selectFrom('invoices')
            .select(['id', 'payment_reference'])
            .where(
              'id',
              'in',
              open.map((balance) => balance.invoiceId),
            )
            .execute()
        ).map((row) => [row.id, row.payment_reference]),
  );
  const message = params.messageId
    ? await trx
        .selectFrom('messages')
        .select('payment_reference')
        .where('id', '=', params.messageId)
        .executeTakeFirst()
    : undefined;
  const onlyInvoice = open.length === 1 ? open[0] : undefined;
  const paymentReference =
    message?.payment_reference ??
    (onlyInvoice ? (references.get(onlyInvoice.invoiceId) ?? null) : null);

  return {
    accountHolder: params.accountHolder,
    iban: params.iban,
    bic: params.bic,
    amount: formatDecimal(params.openMinor, params.currency),
    currency: params.currency,
    paymentReference,
    invoices:
      paymentReference === null
        ? open.map((balance) => ({
            number: balance.number,
            openAmount: formatDecimal(balance.totalOpenMinor, params.currency),
            paymentReference: references.get(balance.invoiceId) ?? null,
          }))
        : [],
  };
}

async function storeProviderPayment(
  trx: TenantTransaction,
  params: {
    organisationId: string;
    state: LinkState;
    provider: 'mollie' | 'stripe';
    created: { providerPaymentId: string; checkoutUrl: string; status: string };
  },
): Promise<void> {
  const entity = await trx
    .selectFrom('payment_links')
    .select('entity_id')
    .where('id', '=', params.state.linkId)
    .executeTakeFirstOrThrow();
  // A retried create with the same idempotency key returns the same payment, so the row may exist.
  await trx
    .insertInto('provider_payments')
    .values({
      organisation_id: params.organisationId,
      entity_id: entity.entity_id,
      payment_link_id: params.state.linkId,
      provider: params.provider,
      provider_payment_id: params.created.providerPaymentId,
      checkout_url: params.created.checkoutUrl,
      currency: params.state.currency,
      amount_minor: params.state.openMinor,
      status: params.created.status,
      status_checked_at: new Date(),
    })
    .onConflict((conflict) => conflict.columns(['provider', 'provider_payment_id']).doNothing())
    .execute();
}

/** Describes the payment as "<entity>: invoice 2024-001, 2024-002", at most 200 characters. */
function describePayment(state: LinkState): string {
  const label = state.language === 'nl' ? 'factuur' : 'invoice';
  const numbers = state.invoiceNumbers.join(', ');
  const text = numbers ? `${state.entityName}: ${label} ${numbers}` : state.entityName;

  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}
