import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads the environment. Every setting is typed,
 * documented and validated when the process starts; the README's
 * configuration table lists the same variables.
 */
const environmentSchema = z.object({
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /** Directory of the embedded database and other local state. */
  COLLECTA_DATA_DIR: z.string().min(1).default('./data'),
  /** Role that tenant queries run as, so row-level security applies. */
  COLLECTA_DB_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'use lower-case letters, digits and underscores')
    .default('collecta_app'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address of the web app as debtors and users reach it, for links in messages. */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP server for e-mail, e.g. smtp://user:pass@host:587; unset keeps e-mail in the outbox. */
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:\/\//i.test(value), 'use an smtp:// or smtps:// address')
    .optional(),
  /** Sender used when an entity has no sender address of its own. */
  SMTP_FROM: z.string().min(3).default('Collecta <collecta@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Hours a login session stays valid without activity. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** Set to "off" to run an API-only process without the job scheduler and workers. */
  COLLECTA_WORKERS: z.enum(['on', 'off']).default('on'),
  /**
   * DNS servers for the sender-domain check, comma-separated IP addresses with
   * an optional port ("9.9.9.9, 127.0.0.1:5353, [::1]:53"); unset uses the system resolvers.
   */
  COLLECTA_DNS_SERVERS: z
    .string()
    .transform((value) => value.split(',').map((server) => server.trim()))
    .refine(
      (servers) => servers.every(isDnsServerAddress),
      'use IP addresses with an optional port, separated by commas, such as "9.9.9.9,127.0.0.1:5353"',
    )
    .optional(),
});

export type Config = {
  databaseUrl: string | undefined;
  dataDirectory: string;
  databaseRole: string;
  host: string;
  port: number;
  publicUrl: string;
  smtpUrl: string | undefined;
  smtpFrom: string;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  sessionTtlHours: number;
  workersEnabled: boolean;
  /** DNS servers for the sender-domain check; empty means the system resolvers. */
  dnsServers: string[];
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates settings from an environment; throws ConfigError listing every problem. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = environmentSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(problems);
  }
  const values = parsed.data;

  return {
    databaseUrl: values.DATABASE_URL,
    dataDirectory: path.resolve(values.COLLECTA_DATA_DIR),
    databaseRole: values.COLLECTA_DB_ROLE,
    host: values.HOST,
    port: values.PORT,
    publicUrl: (values.PUBLIC_URL ?? `http://${values.HOST}:${values.PORT}`).replace(/\/$/, ''),
    smtpUrl: values.SMTP_URL,
    smtpFrom: values.SMTP_FROM,
    logLevel: values.LOG_LEVEL,
    sessionTtlHours: values.SESSION_TTL_HOURS,
    workersEnabled: values.COLLECTA_WORKERS === 'on',
    dnsServers: values.COLLECTA_DNS_SERVERS ?? [],
  };
}

/** Returns whether `text` is an IPv4 address, an IPv6 address, "IPv4:port" or "[IPv6]:port". */
function isDnsServerAddress(text: string): boolean {
  const bracketed = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text);
  if (bracketed) {
    return isIP(bracketed[1] ?? '') === 6 && isPort(bracketed[2] ?? '');
  }
  const withPort = /^([\d.]+):(\d{1,5})$/.exec(text);
  if (withPort) {
    return isIP(withPort[1] ?? '') === 4 && isPort(withPort[2] ?? '');
  }

  return isIP(text) !== 0;
}

function isPort(text: string): boolean {
  const port = Number(text);
  return port >= 1 && port <= 65535;
}

/** Settings of the test suite and the benchmark, which the application never reads. */
export interface HarnessSettings {
  /** PostgreSQL server the tests create their databases on; undefined runs them on PGlite. */
  testDatabaseUrl: string | undefined;
  /** Directory the browser tests write their screenshots to. */
  screenshotDirectory: string;
  /** PostgreSQL server of the benchmark. */
  benchDatabaseUrl: string;
}

/**
 * Reads the test and benchmark settings: DATABASE_URL, COLLECTA_SCREENSHOT_DIR
 * (default collecta-screens in the system's temporary directory) and
 * BENCH_DATABASE_URL (default the local test database).
 */
export function loadHarnessSettings(environment: NodeJS.ProcessEnv = process.env): HarnessSettings {
  return {
    testDatabaseUrl: environment.DATABASE_URL || undefined,
    screenshotDirectory:
      environment.COLLECTA_SCREENSHOT_DIR || path.join(os.tmpdir(), 'collecta-screens'),
    benchDatabaseUrl: environment.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  };
}

/**
 * Sets this process's time zone to `timeZone`, or back to the system's with
 * undefined, and returns the zone set before. Node applies a change of
 * process.env.TZ at once, to Date and Intl alike.
 */
export function setProcessTimeZone(timeZone: string | undefined): string | undefined {
  const previous = process.env.TZ;
  if (timeZone === undefined) {
    delete process.env.TZ;
  } else {
    process.env.TZ = timeZone;
  }

  return previous;
}
