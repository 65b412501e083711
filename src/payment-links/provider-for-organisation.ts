import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { createMollieClient, type MollieClient } from '../payment-providers/mollie-client.ts';
import { createStripeClient, type StripeClient } from '../payment-providers/stripe-client.ts';

/**
 * Base URLs of the provider APIs. Unset means the real APIs
 * (https://api.mollie.com/v2, https://api.stripe.com/v1); tests set the
 * addresses of the local fakes.
 */
export interface ProviderApiUrls {
  mollie?: string | undefined;
  stripe?: string | undefined;
}

/**
 * The organisation's payment provider, with a client authenticated by its
 * stored secret. It contains the secrets, so never log or return it.
 */
export type PaymentProvider =
  | { name: 'mollie'; client: MollieClient; secret: string }
  | { name: 'stripe'; client: StripeClient; secret: string; webhookSecret: string };

/**
 * Loads the payment channel of the organisation in the transaction. Returns
 * undefined when it has none, or one with a provider other than Mollie or
 * Stripe, because Collecta makes payment links only through those two.
 *
 * The secret of the channel is the Mollie API key ("test_..." or
 * "live_..."). For Stripe it is the secret key ("sk_..." or "rk_...") and
 * the webhook signing secret ("whsec_..."), separated by a space or a line
 * break. Throws AppError invalid_input, naming what to enter but never the
 * secret, when the secret is missing or incomplete.
 */
export async function loadPaymentProvider(
  executor: Executor,
  apiUrls: ProviderApiUrls = {},
): Promise<PaymentProvider | undefined> {
  const row = await executor
    .selectFrom('channel_settings')
    .select(['provider', 'secret'])
    .where('channel', '=', 'payment')
    .executeTakeFirst();
  if (!row || (row.provider !== 'mollie' && row.provider !== 'stripe')) {
    return undefined;
  }
  const secret = row.secret?.trim() ?? '';
  if (secret === '') {
    throw new AppError(
      'invalid_input',
      `The ${row.provider === 'mollie' ? 'Mollie' : 'Stripe'} payment channel has no secret; enter it in the set-up wizard under Channels.`,
    );
  }
  if (row.provider === 'mollie') {
    return {
      name: 'mollie',
      secret,
      client: createMollieClient({ apiKey: secret, baseUrl: apiUrls.mollie }),
    };
  }

  const parts = secret.split(/\s+/);
  const secretKey = parts.find((part) => /^[rs]k_/.test(part));
  const webhookSecret = parts.find((part) => part.startsWith('whsec_'));
  if (!secretKey || !webhookSecret) {
    throw new AppError(
      'invalid_input',
      'The Stripe payment channel needs the secret key (sk_...) and the webhook signing secret (whsec_...), separated by a space; enter both in the set-up wizard under Channels.',
    );
  }

  return {
    name: 'stripe',
    secret: secretKey,
    webhookSecret,
    client: createStripeClient({ secretKey, baseUrl: apiUrls.stripe }),
  };
}

/** Returns whether the organisation has a payment channel that makes payment links. */
export async function hasPaymentProvider(executor: Executor): Promise<boolean> {
  const row = await executor
    .selectFrom('channel_settings')
    .select(['provider', 'secret'])
    .where('channel', '=', 'payment')
    .executeTakeFirst();

  return (
    row !== undefined &&
    (row.provider === 'mollie' || row.provider === 'stripe') &&
    (row.secret ?? '').trim() !== ''
  );
}
