import {
  buildInstalmentMergeField,
  type InstalmentMergeField,
} from '../arrangements/instalment-reminder-template.ts';
import {
  buildChargeMergeFields,
  messageCollectionCostsMinor,
  type ChargeMergeFields,
} from '../charges/build-charge-merge-fields.ts';
import { daysPastDue } from '../dates/plain-date.ts';
import { formatCreditorReference } from '../payments/creditor-reference.ts';
import {
  formatCountryName,
  formatIbanForPrint,
  formatMessageAmount,
  formatMessageDate,
} from './format-message-values.ts';
import type { MessageContext } from './load-message-context.ts';
import type { MessageLabels } from './template-store.ts';

/** Content id of the inline EPC QR image in an e-mail's html part. */
export const QR_CONTENT_ID = 'epc-qr@collecta';

/**
 * Values available to a template, all formatted in the message language.
 * Names are snake_case, as Liquid templates usually write them.
 */
export interface MergeFields {
  language: string;
  template_key: string;
  labels: MessageLabels;
  /** The run's as-of date, written out: "3 mei 2024". */
  as_of: string;
  salutation: string;
  debtor: { name: string; number: string; address_lines: string[] };
  contact: { name: string | null; email: string | null } | null;
  entity: {
    name: string;
    address_lines: string[];
    iban: string | null;
    bic: string | null;
    email: string | null;
    coc_number: string | null;
    vat_number: string | null;
    portal_url: string | null;
  };
  invoices: Array<{
    number: string;
    invoice_date: string;
    due_date: string;
    days_past_due: number;
    amount: string;
    open: string;
    is_credit_note: boolean;
    /** Open costs, interest and fees of the invoice, and its total due; null when it has none. */
    charges: ChargeMergeFields | null;
  }>;
  total: string;
  /**
   * Collection costs over the total, VAT included when the creditor cannot
   * deduct VAT, computed as a charge computes them. A consumer's
   * fourteen-day letter must state them before they may be charged. Null
   * outside EUR unless the debtor's contract sets a share.
   */
  collection_costs: string | null;
  /**
   * Open collection costs, interest and fees of the listed invoices and the
   * total due with them; null when no step charged any. messages.total_minor
   * and `total` stay the open principal.
   */
  charges: ChargeMergeFields | null;
  currency: string;
  /** The RF creditor reference in groups of four, or null when the message has none. */
  payment_reference: string | null;
  payment: {
    beneficiary: string;
    iban: string;
    bic: string | null;
    reference: string | null;
  } | null;
  qr: { cid: string } | null;
  /** Instalment that an instalment reminder requests payment of. Null in every other message. */
  instalment: InstalmentMergeField | null;
  /**
   * The message's payment link, PUBLIC_URL/pay/<token>, where the debtor pays
   * what is open on its invoices through Mollie or Stripe. Null when the
   * organisation has no such payment channel, or when the caller passed no
   * PUBLIC_URL (see prepareMessage).
   */
  payment_link: string | null;
  /**
   * The debtor's customer portal link, `<entity portal_url or PUBLIC_URL>/portal/<token>`,
   * which logs the debtor in to the portal (see buildDebtorPortalLink). Null
   * when neither address is known.
   */
  portal_link: string | null;
  /**
   * The customer portal's address without a token. NOTE: the portal has no
   * login by access code yet, so `login_code` is always empty; the stock
   * templates print `portal_link`, which logs the debtor in. `url` is null
   * when the caller passes no PUBLIC_URL.
   */
  portal: {
    /** PUBLIC_URL followed by /portal. */
    url: string | null;
    /** The debtor's portal login code. */
    login_code: string;
  };
}

/** Builds the merge fields of a message in `language`. Set `withQr` when a QR image is attached. */
export function buildMergeFields(
  context: MessageContext,
  params: {
    language: string;
    labels: MessageLabels;
    withQr: boolean;
    /** PUBLIC_URL, the address debtors reach Collecta at. */
    publicUrl?: string | undefined;
    /** The message's payment link; see ensureMessagePaymentLink. */
    paymentLink?: string | null | undefined;
    /** The debtor's portal link; see buildDebtorPortalLink. */
    portalLink?: string | null | undefined;
  },
): MergeFields {
  const { message, entity, debtor, contact } = context;
  const { language, labels } = params;
  const money = (minor: number) => formatMessageAmount(minor, message.currency, language);
  const paymentReference = message.payment_reference
    ? formatCreditorReference(message.payment_reference)
    : null;
  const iban = entity.iban ? formatIbanForPrint(entity.iban) : null;
  const charges = buildChargeMergeFields({
    invoices: context.invoices,
    charges: context.charges,
    principalTotalMinor: message.total_minor,
    money,
  });
  const formatCosts = (minor: number | null) => (minor === null ? null : money(minor));

  return {
    language,
    template_key: context.templateKey,
    labels,
    as_of: formatMessageDate(context.asOf, language, 'long'),
    salutation: contact?.name
      ? labels.salutation_named.replace('{name}', contact.name)
      : labels.salutation_unnamed,
    debtor: {
      name: debtor.name,
      number: debtor.number,
      address_lines: buildPostalLines({ ...debtor, homeCountry: entity.country, language }),
    },
    contact: contact ? { name: contact.name, email: contact.email } : null,
    entity: {
      name: entity.name,
      address_lines: buildPostalLines({ ...entity, homeCountry: entity.country, language }),
      iban,
      bic: entity.bic,
      email: entity.sender_email,
      coc_number: entity.coc_number,
      vat_number: entity.vat_number,
      portal_url: isWebAddress(entity.portal_url) ? entity.portal_url : null,
    },
    invoices: context.invoices.map((invoice) => ({
      number: invoice.number,
      invoice_date: formatMessageDate(invoice.invoiceDate, language, 'short'),
      due_date: formatMessageDate(invoice.dueDate, language, 'short'),
      days_past_due: daysPastDue(invoice.dueDate, context.asOf),
      amount: money(invoice.amountMinor),
      open: money(invoice.openMinor),
      is_credit_note: invoice.kind === 'credit_note',
      charges: charges.byInvoice.get(invoice.id) ?? null,
    })),
    total: money(message.total_minor),
    collection_costs: formatCosts(
      messageCollectionCostsMinor({ ...message, totalMinor: message.total_minor, entity, debtor }),
    ),
    charges: charges.total,
    currency: message.currency,
    payment_reference: paymentReference,
    payment: iban
      ? { beneficiary: entity.name, iban, bic: entity.bic, reference: paymentReference }
      : null,
    qr: params.withQr ? { cid: QR_CONTENT_ID } : null,
    instalment: buildInstalmentMergeField(message, language),
    payment_link: params.paymentLink ?? null,
    portal_link: params.portalLink ?? null,
    portal: {
      url: params.publicUrl ? `${params.publicUrl.replace(/\/+$/, '')}/portal` : null,
      login_code: '',
    },
  };
}

/**
 * Builds the street and town lines of a postal address. The country name
 * is added only for an address abroad, as postal services require.
 */
export function buildPostalLines(address: {
  address_line: string | null;
  postal_code: string | null;
  city: string | null;
  country?: string | null;
  homeCountry: string;
  language: string;
}): string[] {
  const town = [address.postal_code, address.city].filter(Boolean).join(' ');
  const lines = [address.address_line ?? '', town].filter((line) => line.trim() !== '');
  if (address.country && address.country.toUpperCase() !== address.homeCountry.toUpperCase()) {
    lines.push(formatCountryName(address.country, address.language).toUpperCase());
  }

  return lines;
}

/** Only http(s) addresses become links, so an entity setting cannot inject another scheme. */
function isWebAddress(value: string | null): value is string {
  return value !== null && /^https?:\/\/\S+$/i.test(value);
}
