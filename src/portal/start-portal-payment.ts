import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { formatIbanForPrint } from '../messaging/format-message-values.ts';
import { formatDecimal } from '../money/money.ts';
import { createPaymentLink } from '../payment-links/create-payment-link.ts';
import { PAY_PATH } from '../payment-links/payment-link-token.ts';
import { hasPaymentProvider } from '../payment-links/provider-for-organisation.ts';
import { formatCreditorReference } from '../payments/creditor-reference.ts';
import { buildEpcPayload, renderEpcQrDataUrl } from '../payments/epc-qr.ts';
import { loadInvoiceBalances, type InvoiceBalance } from '../payments/invoice-balances.ts';

/** Returns the actor that the audit log records for a debtor's action in the portal. */
export function portalActor(debtorId: string): string {
  return `portal:${debtorId}`;
}

/** The way the debtor pays the chosen invoices: a payment link or a bank transfer. */
export type PortalPayment =
  | { kind: 'payment_link'; path: string; currency: string; amount: string }
  | {
      kind: 'bank_transfer';
      currency: string;
      amount: string;
      beneficiary: string;
      iban: string | null;
      bic: string | null;
      /** The payment reference to quote, or the debtor and invoice numbers when there is none. */
      reference: string;
      /** The EPC QR code as a PNG data URL; null outside euro or without an IBAN. */
      qrDataUrl: string | null;
    };

/**
 * Starts paying a debtor's chosen invoices, or all its open invoices when
 * none are chosen. With a Mollie or Stripe payment channel it makes a
 * payment link and returns its path (/pay/<token>). Without one it returns
 * the bank transfer details of the entity with the payment reference and an
 * EPC QR code. Throws invalid_input when nothing on the invoices can be paid.
 */
export async function startPortalPayment(
  executor: Executor,
  params: { organisationId: string; debtorId: string; invoiceIds?: string[] | undefined },
): Promise<PortalPayment> {
  const balances = await loadPayableBalances(executor, params);
  const currencies = [...new Set(balances.map((balance) => balance.currency))];
  const [currency] = currencies;
  const totalMinor = balances.reduce((sum, balance) => sum + balance.totalOpenMinor, 0);
  if (!currency || totalMinor === 0) {
    throw new AppError('invalid_input', 'Nothing is open on the chosen invoices.', {
      field: 'invoiceIds',
    });
  }
  if (totalMinor < 0) {
    throw new AppError(
      'invalid_input',
      'The chosen credit notes are larger than the chosen invoices, so there is nothing to pay; choose more invoices or fewer credit notes.',
      { field: 'invoiceIds' },
    );
  }
  if (currencies.length > 1) {
    throw new AppError(
      'invalid_input',
      `The chosen invoices are in ${currencies.join(' and ')}; pay invoices of one currency at a time.`,
      { field: 'invoiceIds' },
    );
  }

  if (await hasPaymentProvider(executor)) {
    const link = await createPaymentLink(executor, {
      organisationId: params.organisationId,
      debtorId: params.debtorId,
      invoiceIds: balances.map((balance) => balance.invoiceId),
      actor: portalActor(params.debtorId),
    });
    return {
      kind: 'payment_link',
      path: `${PAY_PATH}/${link.token}`,
      currency: link.currency,
      amount: formatDecimal(link.amountMinor, link.currency),
    };
  }

  return buildBankTransfer(executor, { ...params, balances, currency, totalMinor });
}

async function loadPayableBalances(
  executor: Executor,
  params: { organisationId: string; debtorId: string; invoiceIds?: string[] | undefined },
): Promise<InvoiceBalance[]> {
  const balances = await loadInvoiceBalances(
    executor,
    params.invoiceIds
      ? { organisationId: params.organisationId, invoiceIds: params.invoiceIds }
      : { organisationId: params.organisationId, debtorId: params.debtorId },
  );
  // One message for an unknown invoice and another debtor's, so that the response does not
  // reveal which invoice ids exist.
  if (
    balances.some((balance) => balance.debtorId !== params.debtorId) ||
    (params.invoiceIds && balances.length !== new Set(params.invoiceIds).size)
  ) {
    throw new AppError('not_found', 'One of the chosen invoices does not exist.');
  }

  return balances.filter((balance) => balance.totalOpenMinor !== 0);
}

async function buildBankTransfer(
  executor: Executor,
  params: {
    debtorId: string;
    balances: InvoiceBalance[];
    currency: string;
    totalMinor: number;
  },
): Promise<PortalPayment> {
  const debtor = await executor
    .selectFrom('debtors as d')
    .innerJoin('entities as e', 'e.id', 'd.entity_id')
    .select(['d.number', 'e.name', 'e.iban', 'e.bic'])
    .where('d.id', '=', params.debtorId)
    .executeTakeFirstOrThrow();
  const invoices = await executor
    .selectFrom('invoices')
    .select(['number', 'payment_reference'])
    .where(
      'id',
      'in',
      params.balances.map((balance) => balance.invoiceId),
    )
    .orderBy('number')
    .execute();
  // One invoice has its own payment reference; several are named by number instead.
  const [single] = invoices;
  const creditorReference =
    invoices.length === 1 && single?.payment_reference ? single.payment_reference : null;
  const text = describeTransfer(
    debtor.number,
    invoices.map((invoice) => invoice.number),
  );

  return {
    kind: 'bank_transfer',
    currency: params.currency,
    amount: formatDecimal(params.totalMinor, params.currency),
    beneficiary: debtor.name,
    iban: debtor.iban ? formatIbanForPrint(debtor.iban) : null,
    bic: debtor.bic,
    reference: creditorReference ? formatCreditorReference(creditorReference) : text,
    qrDataUrl: await buildQrDataUrl({ ...params, ...debtor, creditorReference, text }),
  };
}

/** Longest unstructured remittance text of a SEPA credit transfer, in characters. */
const MAX_REMITTANCE_LENGTH = 140;

/**
 * Returns the remittance text "<debtor number> <invoice numbers>", cut at
 * whole invoice numbers to fit 140 characters, with "+N" for the invoices
 * left out. Matching then finds the named invoices by number.
 *
 * NOTE: a payment for more invoices than fit is allocated to the named ones
 * only, and its remainder waits in the queue of unmatched payments.
 */
export function describeTransfer(debtorNumber: string, invoiceNumbers: string[]): string {
  let text = debtorNumber;
  for (const [index, number] of invoiceNumbers.entries()) {
    const left = invoiceNumbers.length - index - 1;
    const suffix = left > 0 ? ` +${left}` : '';
    if (`${text} ${number}${suffix}`.length > MAX_REMITTANCE_LENGTH) {
      return `${text} +${invoiceNumbers.length - index}`.slice(0, MAX_REMITTANCE_LENGTH);
    }
    text = `${text} ${number}`;
  }

  return text;
}

async function buildQrDataUrl(params: {
  currency: string;
  totalMinor: number;
  name: string;
  iban: string | null;
  bic: string | null;
  creditorReference: string | null;
  text: string;
}): Promise<string | null> {
  if (params.currency !== 'EUR' || !params.iban) {
    return null;
  }
  try {
    const payload = buildEpcPayload({
      ...(params.bic ? { bic: params.bic } : {}),
      name: params.name.slice(0, 70),
      iban: params.iban,
      amountMinor: params.totalMinor,
      currency: 'EUR',
      ...(params.creditorReference
        ? { creditorReference: params.creditorReference.replace(/\s/g, '').toUpperCase() }
        : { text: params.text }),
    });
    return await renderEpcQrDataUrl(payload);
  } catch (error) {
    // An amount above the EPC maximum, for one, gets the transfer details without a QR code.
    if (error instanceof AppError && error.code === 'invalid_input') {
      return null;
    }
    throw error;
  }
}
