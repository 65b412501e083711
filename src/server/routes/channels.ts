import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  emailChannelInput,
  loadEmailSettings,
  providerChannelInput,
  readChannels,
  saveEmailChannel,
  saveProviderChannel,
} from '../../channels/channel-settings.ts';
import { checkSenderDomain } from '../../channels/check-sender-domain.ts';
import { sendTestEmail } from '../../channels/send-test-email.ts';
import { AppError } from '../../errors.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { errorResponses } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const DEFAULT_DKIM_SELECTOR = 'default';

const CHANNEL_LABELS = { sms: 'SMS', payment: 'payment', fax: 'fax' } as const;

const emailResponse = z.object({
  provider: z.literal('smtp'),
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  username: z.string().nullable(),
  fromAddress: z.string(),
  fromName: z.string(),
  dkimSelector: z.string().nullable(),
  hasPassword: z.boolean().describe('Whether a password is stored; the password is never returned'),
  verifiedAt: z.string().nullable().describe('When a test message last went through, ISO 8601'),
});

const providerResponse = z.object({
  provider: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  hasSecret: z.boolean().describe('Whether a secret is stored; the secret is never returned'),
  updatedAt: z.string(),
});

const channelsResponse = z.object({
  email: emailResponse.nullable(),
  sms: providerResponse.nullable(),
  payment: providerResponse.nullable(),
  fax: providerResponse.nullable(),
});

const domainName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'use a domain name such as example.com',
  );

const dnsQuery = z.object({
  domain: domainName.optional().describe("Default: the domain of the e-mail channel's sender"),
  selector: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/)
    .optional()
    .describe('DKIM selector; default the channel\'s, else "default"'),
});

const guidanceKey = z.enum([
  'dns.unavailable',
  'spf.found',
  'spf.missing',
  'spf.multiple',
  'spf.host_listed',
  'spf.host_not_listed',
  'dkim.found',
  'dkim.missing',
  'dmarc.found',
  'dmarc.missing',
  'dmarc.policy_none',
]);

const dnsResponse = z.object({
  domain: z.string(),
  checked: z.boolean().describe('False when the lookups could not be made; error says why'),
  spf: z.object({
    found: z.boolean(),
    record: z.string().nullable(),
    includesHint: z.enum(['spf.host_listed', 'spf.host_not_listed']).nullable(),
    includes: z.array(z.string()),
  }),
  dkim: z.object({ selector: z.string(), found: z.boolean(), record: z.string().nullable() }),
  dmarc: z.object({
    found: z.boolean(),
    record: z.string().nullable(),
    policy: z.string().nullable(),
  }),
  guidance: z.array(z.object({ key: guidanceKey, text: z.string() })),
  error: z.string().optional(),
});

/**
 * The organisation's channels: its SMTP server for e-mail, with a test
 * message and a DNS check of the sender domain, its SMS and payment
 * providers, and its e-mail-to-fax gateway. Passwords and secrets are
 * stored but never returned.
 */
export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/channels',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'The e-mail, SMS, payment and fax channel settings, without secrets',
        tags: ['channels'],
        response: { 200: channelsResponse, ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => readChannels(trx)),
  );

  app.put(
    '/api/channels/email',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Store the SMTP settings; leave out password to keep it, send null to remove it',
        tags: ['channels'],
        body: emailChannelInput,
        response: { 200: emailResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change the e-mail channel');
      return withTenant(request, (trx, principal) =>
        saveEmailChannel(trx, { ...auditContextOf(principal), input: request.body }),
      );
    },
  );

  app.post(
    '/api/channels/email/test',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Send a test message through the stored SMTP settings and mark them verified',
        description:
          'A rejected login, refused connection or rejected message gives 502 delivery_failed with the SMTP reason.',
        tags: ['channels'],
        body: z.object({ to: z.email('use an e-mail address such as you@example.com') }),
        response: {
          200: z.object({ sent: z.literal(true), messageId: z.string(), verifiedAt: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      requireEveryEntity(principal, 'test and mark the e-mail channel verified');

      return sendTestEmail(request.server.services.database, {
        ...auditContextOf(principal),
        to: request.body.to,
        logger: request.log,
      });
    },
  );

  app.get(
    '/api/channels/email/dns',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "Look up the SPF, DKIM and DMARC records of the sender's domain",
        tags: ['channels'],
        querystring: dnsQuery,
        response: { 200: dnsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const stored = await withTenant(request, (trx) => loadEmailSettings(trx));
      const settings = stored?.settings;
      const domain = request.query.domain ?? domainOf(settings?.fromAddress);
      if (!domain) {
        throw new AppError(
          'invalid_input',
          'domain: give ?domain=example.com, or store the e-mail channel first so that its sender domain is used.',
        );
      }

      return checkSenderDomain({
        domain,
        selector: request.query.selector ?? settings?.dkimSelector ?? DEFAULT_DKIM_SELECTOR,
        smtpHost: settings?.host ?? null,
        dnsServers: request.server.services.config.dnsServers,
      });
    },
  );

  for (const channel of ['sms', 'payment', 'fax'] as const) {
    app.put(
      `/api/channels/${channel}`,
      {
        config: { access: 'settings.manage' },
        schema: {
          summary: `Store the ${CHANNEL_LABELS[channel]} provider, its settings and secret; leave out secret to keep it`,
          ...(channel === 'fax'
            ? {
                description:
                  'The fax channel uses provider "email_gateway" with settings {"addressTemplate": "{number}@fax.example.net"}. Collecta e-mails each fax as a PDF to that address, with {number} replaced by the fax number\'s digits without "+" or "00" (+31 20 123 4567 gives 31201234567).',
              }
            : {}),
          // NOTE: the connection check of a provider comes with its client; nothing tests these settings yet.
          tags: ['channels'],
          body: providerChannelInput,
          response: { 200: providerResponse, ...errorResponses },
        },
      },
      async (request) => {
        requireEveryEntity(
          requirePrincipal(request),
          `change the ${CHANNEL_LABELS[channel]} channel`,
        );
        return withTenant(request, (trx, principal) =>
          saveProviderChannel(trx, { ...auditContextOf(principal), channel, input: request.body }),
        );
      },
    );
  }
};

function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;

  return address && at !== -1 ? address.slice(at + 1).toLowerCase() : undefined;
}
