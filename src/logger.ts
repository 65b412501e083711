import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in a logged object. */
const redactedPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'apiKey',
  '*.apiKey',
  'smtpUrl',
  '*.smtpUrl',
  'databaseUrl',
  '*.databaseUrl',
  // Provider secrets, such as the Twilio auth token, and the credentials that carry them.
  'secret',
  '*.secret',
  'authToken',
  '*.authToken',
  'credentials',
  '*.credentials',
  // API keys: request headers wherever they are logged, and the key in the response that creates it.
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'key',
  '*.key',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/** Query parameters whose values never reach a log line: invitation and reset links carry a token. */
const secretQueryParameters = new Set(['token', 'key', 'code', 'password']);

/**
 * Path segments that are bearer tokens: a payment link (/pay/<token>) and a
 * customer portal link (/portal/<token>) open without a login. The pattern
 * also matches after doubled slashes or "/./", which the router rejects but
 * the request log still prints.
 */
const secretPathSegment = /(\/(?:pay|portal)\/)[^/?#]+/g;

/** Returns `url` with path tokens and the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  const queryStart = url.indexOf('?');
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  // The portal's own API (/api/portal/...) carries no token in its path.
  const path = /^\/api\/portal\/[a-z]/.test(rawPath)
    ? rawPath
    : decodePath(rawPath).replace(secretPathSegment, '$1[redacted]');
  if (queryStart === -1) {
    return path;
  }
  const parameters = new URLSearchParams(url.slice(queryStart + 1));
  for (const name of [...parameters.keys()]) {
    if (secretQueryParameters.has(name.toLowerCase())) {
      parameters.set(name, '[redacted]');
    }
  }

  return `${path}?${parameters.toString()}`;
}

/** Decodes percent-escapes, so that "/%70ay/<token>" is redacted too; keeps a malformed path. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The parts of a Fastify request that its log lines show. */
interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * Serializes a request as Fastify's own serializer does (method, URL, host,
 * client address and port), with secret query values redacted.
 */
function serializeRequest(request: LoggedRequest) {
  return {
    method: request.method,
    url: request.url === undefined ? undefined : redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { req: serializeRequest },
    },
    destination ?? process.stderr,
  );
}
