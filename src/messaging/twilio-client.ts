import { createHmac, timingSafeEqual } from 'node:crypto';

/** Twilio's REST API; tests point the client at a local fake instead. */
export const TWILIO_API_URL = 'https://api.twilio.com';

/** Time a Twilio request may take before it is aborted. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface TwilioCredentials {
  /** The account SID, "AC" and 32 hexadecimal digits. */
  accountSid: string;
  /** The account's auth token: the password of Basic auth and the key of webhook signatures. */
  authToken: string;
}

export interface TwilioMessageRequest {
  /** Recipient in E.164 form, such as +31612345678. */
  to: string;
  /** A Twilio number or alphanumeric sender ID; or else `messagingServiceSid`. */
  from?: string;
  /** A Messaging Service, "MG" and 32 hexadecimal digits, that picks the sender. */
  messagingServiceSid?: string;
  body: string;
  /** URL that Twilio posts each status change of the message to. */
  statusCallback?: string;
}

/** The part of Twilio's Message resource that Collecta stores. */
export interface TwilioMessage {
  sid: string;
  /** queued (or accepted with a Messaging Service) right after creation. */
  status: string;
  /** Segments Twilio counted; null when it reported none yet, as with a Messaging Service. */
  numSegments: number | null;
}

/** An error response of the Twilio API: its HTTP status, Twilio error code and message. */
export class TwilioApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly twilioCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioApiError';
  }
}

/**
 * Sends an SMS by creating a Message resource:
 * POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json, with HTTP
 * Basic auth (account SID and auth token) and a form-encoded body of To,
 * From or MessagingServiceSid, Body and StatusCallback. Throws
 * TwilioApiError with Twilio's code and message on an error response; the
 * auth token never appears in an error.
 */
export async function createTwilioMessage(params: {
  credentials: TwilioCredentials;
  message: TwilioMessageRequest;
  baseUrl?: string;
}): Promise<TwilioMessage> {
  const { credentials, message } = params;
  const url = `${(params.baseUrl ?? TWILIO_API_URL).replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/Messages.json`;
  const form = new URLSearchParams({ To: message.to, Body: message.body });
  if (message.messagingServiceSid) {
    form.set('MessagingServiceSid', message.messagingServiceSid);
  } else if (message.from) {
    form.set('From', message.from);
  } else {
    throw new Error('A Twilio message needs a From number or a MessagingServiceSid.');
  }
  if (message.statusCallback) {
    form.set('StatusCallback', message.statusCallback);
  }
  const basic = Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString(
    'base64',
  );

  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: form.toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const body = parseJsonObject(text);

  if (!response.ok) {
    const code = typeof body?.code === 'number' ? body.code : null;
    const detail =
      typeof body?.message === 'string'
        ? body.message
        : `HTTP ${response.status} ${text.slice(0, 200)}`;
    throw new TwilioApiError(
      response.status,
      code,
      `Twilio rejected the message${code === null ? '' : ` (error ${code})`}: ${detail}`,
    );
  }
  if (typeof body?.sid !== 'string' || typeof body.status !== 'string') {
    throw new TwilioApiError(response.status, null, 'The Twilio response contains no message sid.');
  }
  const segments = Number(body.num_segments);

  return {
    sid: body.sid,
    status: body.status,
    numSegments: Number.isInteger(segments) && segments > 0 ? segments : null,
  };
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Computes the X-Twilio-Signature of a form-encoded request: the full URL
 * (scheme, host, path and query) followed by each POST parameter's name and
 * value, sorted by name, signed with HMAC-SHA1 keyed with the auth token and
 * encoded as base64.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  parameters: Record<string, string>,
): string {
  const data = Object.keys(parameters)
    .sort()
    .reduce((text, name) => text + name + parameters[name], url);

  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Returns whether `signature` is the X-Twilio-Signature of the request, compared in constant time. */
export function verifyTwilioSignature(
  authToken: string,
  url: string,
  parameters: Record<string, string>,
  signature: string | undefined,
): boolean {
  if (!signature) {
    return false;
  }
  const expected = Buffer.from(twilioSignature(authToken, url, parameters));
  const given = Buffer.from(signature);

  return expected.length === given.length && timingSafeEqual(expected, given);
}
