import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createPaymentLink } from './create-payment-link.ts';
import {
  buildPaymentLinkUrl,
  deriveMessageLinkToken,
  hashPaymentLinkToken,
} from './payment-link-token.ts';
import { loadPaymentProvider } from './provider-for-organisation.ts';

/**
 * Returns the payment link address of a dunning message, making the link
 * the first time: one link per message, for the message's invoices. Returns
 * null when the organisation has no Mollie or Stripe payment channel, or
 * when nothing is open on the invoices any more. The token is derived from
 * the message id (deriveMessageLinkToken), so a preview, the e-mail and the
 * letter PDF all print the same address.
 *
 * NOTE: the token is keyed with the provider secret. After the secret is
 * changed, the next rendering stores the new token's hash and the address
 * in messages rendered before stops working.
 */
export async function ensureMessagePaymentLink(
  executor: Executor,
  params: {
    organisationId: string;
    messageId: string;
    debtorId: string;
    invoiceIds: string[];
    publicUrl: string;
  },
): Promise<string | null> {
  const provider = await loadPaymentProvider(executor).catch((error: unknown) => {
    if (error instanceof AppError) {
      return undefined;
    }
    throw error;
  });
  if (!provider) {
    return null;
  }
  const token = deriveMessageLinkToken(provider.secret, {
    organisationId: params.organisationId,
    messageId: params.messageId,
  });
  const tokenHash = hashPaymentLinkToken(token);
  const existing = await executor
    .selectFrom('payment_links')
    .select(['id', 'token_hash'])
    .where('message_id', '=', params.messageId)
    .executeTakeFirst();
  if (existing) {
    if (existing.token_hash !== tokenHash) {
      await executor
        .updateTable('payment_links')
        .set({ token_hash: tokenHash })
        .where('id', '=', existing.id)
        .execute();
    }
    return buildPaymentLinkUrl(params.publicUrl, token);
  }

  if (params.invoiceIds.length === 0) {
    return null;
  }
  try {
    await createPaymentLink(executor, {
      organisationId: params.organisationId,
      debtorId: params.debtorId,
      invoiceIds: params.invoiceIds,
      actor: 'system',
      messageId: params.messageId,
      token,
    });
  } catch (error) {
    // Invoices settled since the run, or in several currencies, get no link.
    if (error instanceof AppError && error.code === 'invalid_input') {
      return null;
    }
    throw error;
  }

  return buildPaymentLinkUrl(params.publicUrl, token);
}
