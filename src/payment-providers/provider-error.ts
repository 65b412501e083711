/** The payment providers that Collecta has clients for. */
export type PaymentProviderName = 'mollie' | 'stripe';

/**
 * A failed request to a payment provider's API. `httpStatus` is the status of
 * the provider's error response, or null when no response arrived (timeout or
 * network failure). In that case a create request may still have been carried
 * out, so the caller retries it with the same idempotency key. The message never
 * contains the API key.
 */
export class PaymentProviderError extends Error {
  constructor(
    readonly provider: PaymentProviderName,
    readonly httpStatus: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PaymentProviderError';
  }
}

/** An error response of the Mollie API, with the title and field of Mollie's error JSON. */
export class MollieApiError extends PaymentProviderError {
  constructor(
    httpStatus: number | null,
    /** Mollie's short error title, such as "Unprocessable Entity". */
    readonly title: string | null,
    /** The request field that Mollie rejected, such as "amount"; null when it named none. */
    readonly field: string | null,
    message: string,
  ) {
    super('mollie', httpStatus, message);
    this.name = 'MollieApiError';
  }
}

/** An error response of the Stripe API, with the type, code and param of Stripe's error object. */
export class StripeApiError extends PaymentProviderError {
  constructor(
    httpStatus: number | null,
    /** Stripe's error type, such as "invalid_request_error" or "idempotency_error". */
    readonly type: string | null,
    /** Stripe's error code, such as "parameter_missing"; null when it gave none. */
    readonly code: string | null,
    /** The request parameter that Stripe rejected, such as "line_items"; null when it named none. */
    readonly param: string | null,
    message: string,
  ) {
    super('stripe', httpStatus, message);
    this.name = 'StripeApiError';
  }
}
