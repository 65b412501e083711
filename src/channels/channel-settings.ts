import { isIP } from 'node:net';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors.ts';
import type { Executor } from '../db/database.ts';
import type { SettingsChannel } from '../db/schema.ts';
import { FAX_GATEWAY_PROVIDER, faxChannelSettings } from './fax-channel.ts';
import { twilioChannelSettings } from './sms-channel.ts';

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A DNS host name or an IP address, such as smtp.example.com or 192.0.2.10. */
export const hostName = z
  .string()
  .trim()
  .refine(
    (value) => HOST_NAME.test(value) || isIP(value) !== 0,
    'use a host name such as smtp.example.com or an IP address',
  );

/** Settings of the organisation's SMTP server, as an administrator enters them. */
export const emailChannelInput = z.object({
  host: hostName,
  port: z.number().int().min(1).max(65535),
  /** True for TLS from the first byte (usually port 465); false upgrades with STARTTLS when the server offers it. */
  secure: z.boolean(),
  username: z.string().trim().max(320).nullable().optional(),
  /** Left out: keep the stored password. Null: remove it. */
  password: z.string().min(1).max(1000).nullable().optional(),
  fromAddress: z.email('use an e-mail address such as billing@example.com'),
  fromName: z.string().trim().min(1).max(100),
  /** DKIM selector of the sender domain, for the DNS check; default "default". */
  dkimSelector: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/, 'use letters, digits, dots, hyphens')
    .nullable()
    .optional(),
});

export type EmailChannelInput = z.infer<typeof emailChannelInput>;

/** The non-secret e-mail settings, as stored in channel_settings.settings. */
const storedEmailSettings = z.object({
  host: z.string(),
  port: z.number(),
  secure: z.boolean(),
  username: z.string().nullable(),
  fromAddress: z.string(),
  fromName: z.string(),
  dkimSelector: z.string().nullable().optional(),
});

export type EmailSettings = z.infer<typeof storedEmailSettings>;

/** Settings of an SMS or payment provider: the provider's name, its settings and its secret. */
export const providerChannelInput = z.object({
  provider: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      'use a provider name such as mollie, messagebird or email_gateway',
    ),
  settings: z.record(
    z.string().min(1).max(100),
    z.union([z.string().max(1000), z.number(), z.boolean()]),
  ),
  /** Left out: keep the stored secret. Null: remove it. */
  secret: z.string().min(1).max(5000).nullable().optional(),
});

export type ProviderChannelInput = z.infer<typeof providerChannelInput>;

export interface EmailChannelView {
  provider: 'smtp';
  host: string;
  port: number;
  secure: boolean;
  username: string | null;
  fromAddress: string;
  fromName: string;
  dkimSelector: string | null;
  hasPassword: boolean;
  /** When a test message last went through these settings; null after every change. */
  verifiedAt: string | null;
}

export interface ProviderChannelView {
  provider: string;
  settings: Record<string, string | number | boolean>;
  hasSecret: boolean;
  updatedAt: string;
}

export interface ChannelsView {
  email: EmailChannelView | null;
  sms: ProviderChannelView | null;
  payment: ProviderChannelView | null;
  fax: ProviderChannelView | null;
}

interface ChannelRow {
  channel: SettingsChannel;
  provider: string;
  settings: Record<string, unknown>;
  secret: string | null;
  verified_at: Date | null;
  updated_at: Date;
}

/** Returns the organisation's channel settings without their secrets. */
export async function readChannels(executor: Executor): Promise<ChannelsView> {
  const rows = await selectChannelRows(executor);
  const find = (channel: SettingsChannel) => rows.find((row) => row.channel === channel);
  const email = find('email');
  const sms = find('sms');
  const payment = find('payment');
  const fax = find('fax');

  return {
    email: email ? emailView(email) : null,
    sms: sms ? providerView(sms) : null,
    payment: payment ? providerView(payment) : null,
    fax: fax ? providerView(fax) : null,
  };
}

/**
 * Returns the stored SMTP settings with the password, for sending. Never
 * pass the result to a response or a log line.
 */
export async function loadEmailSettings(
  executor: Executor,
): Promise<{ settings: EmailSettings; password: string | null } | undefined> {
  const row = (await selectChannelRows(executor)).find((entry) => entry.channel === 'email');
  if (!row) {
    return undefined;
  }

  return { settings: storedEmailSettings.parse(row.settings), password: row.secret };
}

/**
 * Stores the organisation's SMTP settings, in the caller's transaction, with
 * an audit event that shows whether a password is set but never the password.
 * A change of any setting clears the verification, so that only a new test
 * message marks the channel verified again.
 */
export async function saveEmailChannel(
  executor: Executor,
  params: { organisationId: string; actor: string; input: EmailChannelInput },
): Promise<EmailChannelView> {
  const { input } = params;
  const existing = await selectChannelRow(executor, 'email');
  const settings: EmailSettings = {
    host: input.host,
    port: input.port,
    secure: input.secure,
    username: input.username ? input.username : null,
    fromAddress: input.fromAddress,
    fromName: input.fromName,
    dkimSelector: input.dkimSelector ?? null,
  };
  if (
    input.password === undefined &&
    existing?.secret &&
    sendsPasswordElsewhere(existing, settings)
  ) {
    throw new AppError(
      'invalid_input',
      'Enter the SMTP password again: the server, port, TLS setting or username changed, and the stored password goes only to the server it was entered for.',
      { field: 'password' },
    );
  }
  const secret = input.password === undefined ? (existing?.secret ?? null) : input.password;
  const unchanged =
    existing !== undefined &&
    existing.secret === secret &&
    JSON.stringify(existing.settings) === JSON.stringify(settings);

  const row = await upsertChannelRow(executor, {
    organisationId: params.organisationId,
    channel: 'email',
    provider: 'smtp',
    settings,
    secret,
    verifiedAt: unchanged ? (existing?.verified_at ?? null) : null,
  });
  const view = emailView(row);
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'channel.email_saved',
    subjectType: 'channel',
    subjectId: 'email',
    before: existing ? emailView(existing) : null,
    after: view,
  });

  return view;
}

/**
 * Returns whether saving `next` would hand the stored password to another
 * server or account than the one it was entered for.
 */
function sendsPasswordElsewhere(existing: { settings: unknown }, next: EmailSettings): boolean {
  const previous = existing.settings as Partial<EmailSettings>;

  return (
    previous.host !== next.host ||
    previous.port !== next.port ||
    previous.secure !== next.secure ||
    (previous.username ?? null) !== next.username
  );
}

/**
 * Stores the provider, settings and secret of the SMS, payment or fax
 * channel, in the caller's transaction, with an audit event without the
 * secret. A fax channel must use the e-mail-to-fax gateway provider.
 */
export async function saveProviderChannel(
  executor: Executor,
  params: {
    organisationId: string;
    actor: string;
    channel: 'sms' | 'payment' | 'fax';
    input: ProviderChannelInput;
  },
): Promise<ProviderChannelView> {
  const { input } = params;
  if (params.channel === 'fax') {
    checkFaxChannelInput(input);
  }
  if (params.channel === 'sms' && input.provider === 'twilio') {
    // Twilio is the provider Collecta sends through, so its settings are checked before they are stored.
    const parsed = twilioChannelSettings.safeParse(input.settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = `settings.${issue?.path.join('.') ?? ''}`;
      throw new AppError(
        'invalid_input',
        `Invalid Twilio setting ${field}: ${issue?.message ?? 'invalid'}.`,
        {
          field,
        },
      );
    }
  }
  const existing = await selectChannelRow(executor, params.channel);
  const secret = input.secret === undefined ? (existing?.secret ?? null) : input.secret;
  const row = await upsertChannelRow(executor, {
    organisationId: params.organisationId,
    channel: params.channel,
    provider: input.provider,
    settings: input.settings,
    secret,
    verifiedAt: null,
  });
  const view = providerView(row);
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: `channel.${params.channel}_saved`,
    subjectType: 'channel',
    subjectId: params.channel,
    before: existing ? providerView(existing) : null,
    after: view,
  });

  return view;
}

/** Checks that fax settings name the e-mail-to-fax gateway and a usable address template. */
function checkFaxChannelInput(input: ProviderChannelInput): void {
  if (input.provider !== FAX_GATEWAY_PROVIDER) {
    throw new AppError(
      'invalid_input',
      `Invalid fax provider "${input.provider}": use ${FAX_GATEWAY_PROVIDER}, the e-mail-to-fax gateway.`,
      { field: 'provider' },
    );
  }
  const parsed = faxChannelSettings.safeParse(input.settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `settings.${issue?.path.join('.') ?? ''}`;
    throw new AppError(
      'invalid_input',
      `Invalid fax setting ${field}: ${issue?.message ?? 'invalid'}.`,
      { field },
    );
  }
}

/** Records that a test message went through the stored e-mail settings. */
export async function markEmailVerified(
  executor: Executor,
  params: { organisationId: string; actor: string; to: string; messageId: string },
): Promise<Date> {
  const row = await executor
    .updateTable('channel_settings')
    .set({ verified_at: new Date() })
    .where('channel', '=', 'email')
    .returning('verified_at')
    .executeTakeFirst();
  const verifiedAt = row?.verified_at ?? new Date();
  await recordAudit(executor, {
    organisationId: params.organisationId,
    actor: params.actor,
    action: 'channel.email_verified',
    subjectType: 'channel',
    subjectId: 'email',
    after: { to: params.to, messageId: params.messageId, verifiedAt: verifiedAt.toISOString() },
  });

  return verifiedAt;
}

// The table type declares updated_at as Generated<Timestamp>, which selects as the column type.
const updatedAt = sql<Date>`updated_at`.as('updated_at');

async function selectChannelRows(executor: Executor): Promise<ChannelRow[]> {
  return executor
    .selectFrom('channel_settings')
    .select(['channel', 'provider', 'settings', 'secret', 'verified_at', updatedAt])
    .execute();
}

async function selectChannelRow(
  executor: Executor,
  channel: SettingsChannel,
): Promise<ChannelRow | undefined> {
  return executor
    .selectFrom('channel_settings')
    .select(['channel', 'provider', 'settings', 'secret', 'verified_at', updatedAt])
    .where('channel', '=', channel)
    .forUpdate()
    .executeTakeFirst();
}

async function upsertChannelRow(
  executor: Executor,
  params: {
    organisationId: string;
    channel: SettingsChannel;
    provider: string;
    settings: Record<string, unknown>;
    secret: string | null;
    verifiedAt: Date | null;
  },
): Promise<ChannelRow> {
  const values = {
    provider: params.provider,
    settings: JSON.stringify(params.settings),
    secret: params.secret,
    verified_at: params.verifiedAt,
  };

  return executor
    .insertInto('channel_settings')
    .values({ organisation_id: params.organisationId, channel: params.channel, ...values })
    .onConflict((conflict) =>
      conflict
        .columns(['organisation_id', 'channel'])
        .doUpdateSet({ ...values, updated_at: new Date() }),
    )
    .returning(['channel', 'provider', 'settings', 'secret', 'verified_at', updatedAt])
    .executeTakeFirstOrThrow();
}

function emailView(row: ChannelRow): EmailChannelView {
  const settings = storedEmailSettings.parse(row.settings);

  return {
    provider: 'smtp',
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    username: settings.username,
    fromAddress: settings.fromAddress,
    fromName: settings.fromName,
    dkimSelector: settings.dkimSelector ?? null,
    hasPassword: row.secret !== null && row.secret !== '',
    verifiedAt: row.verified_at ? row.verified_at.toISOString() : null,
  };
}

function providerView(row: ChannelRow): ProviderChannelView {
  const settings: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(row.settings)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      settings[key] = value;
    }
  }

  return {
    provider: row.provider,
    settings,
    hasSecret: row.secret !== null && row.secret !== '',
    updatedAt: row.updated_at.toISOString(),
  };
}
