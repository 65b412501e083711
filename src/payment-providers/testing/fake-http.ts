import { createHash } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Reads a whole request body as UTF-8 text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Returns the first value of a request header. */
export function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Starts the server on 127.0.0.1 at a free port and returns its origin, such as http://127.0.0.1:40123. */
export async function listenOnLocalhost(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Posts a webhook the way a provider does and returns the HTTP status of the
 * reply. Only 127.0.0.1 and localhost are reachable, so a test can never
 * send a request to another host.
 */
export async function postToLocalhost(
  url: string,
  request: { body: string; headers: Record<string, string> },
): Promise<number> {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1' && target.hostname !== 'localhost') {
    throw new Error(`The fake posts webhooks only to 127.0.0.1 or localhost, not ${target.host}.`);
  }
  const response = await fetch(target, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
  });
  await response.arrayBuffer();

  return response.status;
}

/** A response that a fake stored for an idempotency key. */
export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Idempotency keys as the providers keep them: the first response made for a
 * key is stored with a fingerprint of the request, and a later request with
 * the same key gets that response again, or a mismatch when its parameters
 * differ.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, { fingerprint: string; response: StoredResponse }>();

  check(
    key: string,
    requestText: string,
  ): { kind: 'new' } | { kind: 'replay'; response: StoredResponse } | { kind: 'mismatch' } {
    const entry = this.entries.get(key);
    if (!entry) {
      return { kind: 'new' };
    }
    return entry.fingerprint === fingerprint(requestText)
      ? { kind: 'replay', response: entry.response }
      : { kind: 'mismatch' };
  }

  save(key: string, requestText: string, response: StoredResponse): void {
    this.entries.set(key, { fingerprint: fingerprint(requestText), response });
  }
}

function fingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Delays that a test sets for the next responses, to make a client time out. */
export class ResponseDelays {
  private readonly pending: number[] = [];

  add(milliseconds: number): void {
    this.pending.push(milliseconds);
  }

  /** Waits for the next pending delay, if any. */
  async wait(): Promise<void> {
    const milliseconds = this.pending.shift();
    if (milliseconds) {
      await new Promise((resolve) => setTimeout(resolve, milliseconds));
    }
  }
}
