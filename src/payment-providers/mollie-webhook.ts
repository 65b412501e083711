import { AppError } from '../errors.ts';
import { MOLLIE_PAYMENT_ID } from './mollie-payment.ts';
import { isRecord } from './provider-request.ts';

/**
 * Reads the payment id from a Mollie webhook call. Mollie posts the
 * form-encoded body `id=tr_...` on every status change, without a signature,
 * so the body is never trusted. It only names the payment to fetch with
 * Collecta's own API key (MollieClient.getPayment), and only the fetched
 * payment counts. Accepts the raw body, URLSearchParams or an already parsed
 * form. Throws AppError invalid_input when `id` is missing or is no Mollie
 * payment id.
 */
export function parseMollieWebhook(body: string | URLSearchParams | Record<string, unknown>): {
  paymentId: string;
} {
  const id = readId(body);
  if (id === undefined) {
    throw new AppError(
      'invalid_input',
      'The Mollie webhook body has no id field; expected id=tr_...',
    );
  }
  if (!MOLLIE_PAYMENT_ID.test(id)) {
    throw new AppError(
      'invalid_input',
      `The Mollie webhook id ${JSON.stringify(id.slice(0, 80))} is not a payment id of the form tr_...`,
    );
  }
  return { paymentId: id };
}

function readId(body: string | URLSearchParams | Record<string, unknown>): string | undefined {
  if (typeof body === 'string') {
    return new URLSearchParams(body).get('id') ?? undefined;
  }
  if (body instanceof URLSearchParams) {
    return body.get('id') ?? undefined;
  }
  if (isRecord(body) && typeof body.id === 'string') {
    return body.id;
  }
  return undefined;
}
