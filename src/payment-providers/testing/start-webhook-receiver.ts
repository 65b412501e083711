import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listenOnLocalhost, readBody } from './fake-http.ts';

/** A webhook request as the receiver got it, with the body unparsed. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface WebhookReceiver {
  /** URL to give the provider as webhook URL, such as http://127.0.0.1:40123/webhook. */
  url: string;
  /** Every request received, in order of arrival. */
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that replaces Collecta's webhook route
 * in tests: it passes each request to `handle` and replies with the
 * status that `handle` returns, or 500 when it throws.
 */
export async function startWebhookReceiver(
  handle: (request: ReceivedWebhook) => Promise<number>,
): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const webhook = { headers: request.headers, rawBody: await readBody(request) };
      received.push(webhook);
      const status = await handle(webhook).catch(() => 500);
      response.writeHead(status).end();
    })();
  });
  const origin = await listenOnLocalhost(server);

  return { url: `${origin}/webhook`, received, close: () => closeServer(server) };
}
