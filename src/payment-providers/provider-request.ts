import { PaymentProviderError, type PaymentProviderName } from './provider-error.ts';

/** Time a payment provider request may take before it is aborted. */
export const PROVIDER_REQUEST_TIMEOUT_MS = 15_000;

/** Maximum idempotency key length: Stripe's limit, which Collecta applies to Mollie too. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface ProviderRequest {
  provider: PaymentProviderName;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** A provider's HTTP response, with its body parsed as a JSON object when it is one. */
export interface ProviderReply {
  status: number;
  ok: boolean;
  body: Record<string, unknown> | undefined;
  text: string;
}

/**
 * Sends one request to a provider's API and reads the whole response.
 * Throws PaymentProviderError with a null httpStatus when the request times
 * out or no connection can be made; the message names the path, never the
 * headers that carry the API key.
 */
export async function sendProviderRequest(request: ProviderRequest): Promise<ProviderReply> {
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();

    return { status: response.status, ok: response.ok, body: parseJsonObject(text), text };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    const reason = timedOut
      ? `timed out after ${request.timeoutMs} ms`
      : `failed: ${error instanceof Error ? error.message : String(error)}`;
    throw new PaymentProviderError(
      request.provider,
      null,
      `The ${request.method} request to ${providerLabel(request.provider)} ${path} ${reason}.`,
      { cause: error },
    );
  }
}

/** Returns the provider's name as people write it, for messages. */
function providerLabel(provider: PaymentProviderName): string {
  return provider === 'mollie' ? 'Mollie' : 'Stripe';
}

/**
 * Replaces every occurrence of `secret` in `text`, and every masked Stripe key
 * such as "sk_test_********1234" that Stripe puts in its 401 message, so that
 * a provider's message can go into an error or a log.
 */
export function redactSecret(text: string, secret: string): string {
  const withoutSecret = secret ? text.split(secret).join('[redacted]') : text;

  return withoutSecret.replace(/\b[rs]k_(?:test|live)_[A-Za-z0-9*]+/g, '[redacted]');
}

/** Returns the text as a JSON object, or undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns the string values of a metadata object. Collecta fills provider
 * metadata with its own ids only, so other values are dropped.
 */
export function readStringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Returns the error message for an invalid idempotency key, or null when the key is valid. */
export function checkIdempotencyKey(key: string): string | null {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    return `idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long, not ${key.length}.`;
  }
  if (!/^[\x21-\x7e]+$/.test(key)) {
    return 'idempotencyKey must contain only printable ASCII characters without spaces.';
  }
  return null;
}

/** Joins a base URL and a path, with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** Returns whether the text is an absolute http or https URL. */
export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
