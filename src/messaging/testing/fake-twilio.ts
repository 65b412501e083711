import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { measureSms } from '../sms-encoding.ts';
import { twilioSignature } from '../twilio-client.ts';

/** A message the fake accepted, as Twilio would store it. */
export interface FakeTwilioMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
}

/** An error response the fake gives instead of accepting the next message. */
export interface FakeTwilioError {
  httpStatus: number;
  code: number;
  message: string;
}

export interface FakeTwilio {
  /** Address to use as the client's base URL, such as http://127.0.0.1:40123. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  /** Every message accepted so far, in order. */
  messages: FakeTwilioMessage[];
  /** Every POST to the Messages resource, accepted or not. */
  requestCount: number;
  /** Makes the next create request fail with this error response. */
  failNext(error: FakeTwilioError): void;
  /**
   * Posts a signed status callback for a message, as Twilio does, to its
   * StatusCallback URL or to `deliverTo` (for a server that is reached
   * under another address than its public URL, as behind a proxy). The
   * signature always covers the StatusCallback URL. Only 127.0.0.1 and
   * localhost are reachable. Returns the HTTP status of the response.
   */
  postStatusCallback(
    sid: string,
    status: string,
    options?: { errorCode?: string; deliverTo?: string; authToken?: string },
  ): Promise<number>;
  close(): Promise<void>;
}

/** Phone numbers in E.164 form, as Twilio requires for To. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Starts a fake of Twilio's Messages resource on 127.0.0.1 at a free port,
 * for tests. It speaks the same protocol as the real API: HTTP Basic auth
 * with the account SID and auth token, a form-encoded body, JSON responses,
 * and Twilio's error codes for a wrong login (20003), a missing To (21604),
 * From (21603) or Body (21602), and a To that is no E.164 number (21211).
 */
export async function startFakeTwilio(
  options: { accountSid?: string; authToken?: string } = {},
): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const messages: FakeTwilioMessage[] = [];
  const pendingErrors: FakeTwilioError[] = [];
  let requestCount = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { code: 20500, message: String(error), status: 500 });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const body = await readBody(request);
    if (request.method !== 'POST' || request.url !== path) {
      sendJson(response, 404, {
        code: 20404,
        message: 'The requested resource was not found',
        status: 404,
      });
      return;
    }
    requestCount += 1;
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      sendJson(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
      return;
    }
    const pending = pendingErrors.shift();
    if (pending) {
      sendJson(response, pending.httpStatus, {
        code: pending.code,
        message: pending.message,
        status: pending.httpStatus,
      });
      return;
    }

    const form = new URLSearchParams(body);
    const to = form.get('To');
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    const text = form.get('Body');
    if (!to) {
      return sendError(response, 21604, "A 'To' phone number is required.");
    }
    if (!from && !messagingServiceSid) {
      return sendError(response, 21603, "The 'From' phone number is required.");
    }
    if (!text) {
      return sendError(response, 21602, 'Message body is required.');
    }
    if (!E164.test(to)) {
      return sendError(response, 21211, `The 'To' number ${to} is not a valid phone number.`);
    }

    const message: FakeTwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      to,
      from,
      messagingServiceSid,
      body: text,
      statusCallback: form.get('StatusCallback'),
      status: messagingServiceSid ? 'accepted' : 'queued',
    };
    messages.push(message);
    sendJson(response, 201, {
      sid: message.sid,
      account_sid: accountSid,
      to,
      from,
      messaging_service_sid: messagingServiceSid,
      body: text,
      status: message.status,
      num_segments: String(measureSms(text).segments),
      direction: 'outbound-api',
      api_version: '2010-04-01',
      error_code: null,
      error_message: null,
      uri: `${path.replace('.json', '')}/${message.sid}.json`,
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    get requestCount() {
      return requestCount;
    },
    failNext(error) {
      pendingErrors.push(error);
    },
    async postStatusCallback(sid, status, callbackOptions = {}) {
      const message = messages.find((candidate) => candidate.sid === sid);
      if (!message?.statusCallback) {
        throw new Error(`The fake has no message ${sid} with a StatusCallback URL.`);
      }
      const target = new URL(callbackOptions.deliverTo ?? message.statusCallback);
      if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
        throw new Error(`The fake posts status callbacks only to 127.0.0.1, not ${target.host}.`);
      }
      message.status = status;
      const parameters: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: message.to,
      };
      if (callbackOptions.errorCode) {
        parameters.ErrorCode = callbackOptions.errorCode;
      }
      const signature = twilioSignature(
        callbackOptions.authToken ?? authToken,
        message.statusCallback,
        parameters,
      );
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
        },
        body: new URLSearchParams(parameters).toString(),
      });
      await response.arrayBuffer();
      return response.status;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendError(response: ServerResponse, code: number, message: string): void {
  sendJson(response, 400, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: 400,
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
