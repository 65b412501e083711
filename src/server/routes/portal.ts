import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INSTALMENT_COUNT } from '../../arrangements/instalment-schedule.ts';
import { readEntityLogo } from '../../entities/read-entity-logo.ts';
import { MAX_LINK_INVOICES } from '../../payment-links/create-payment-link.ts';
import {
  listPortalArrangements,
  requestPortalArrangement,
} from '../../portal/portal-arrangements.ts';
import { loadPortalOverview, PORTAL_LANGUAGES } from '../../portal/load-portal-overview.ts';
import { renderInvalidPortalLinkPage } from '../../portal/portal-page-html.ts';
import {
  endPortalSession,
  openPortalLink,
  PORTAL_SESSION_COOKIE,
} from '../../portal/portal-session.ts';
import { PORTAL_PATH } from '../../portal/portal-token.ts';
import { startPortalPayment } from '../../portal/start-portal-payment.ts';
import {
  businessDate,
  currencyCode,
  decimalAmount,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import {
  portalCookieOptions,
  requirePortalSession,
  withPortalSession,
} from './portal-authentication.ts';

// NOTE: reporting a complaint (an issue with source 'portal') and changing the
// debtor's address from the portal are not built yet.

/** Openings of portal links per client IP address per minute. */
export const PORTAL_LINK_OPENINGS_PER_MINUTE = 20;

const openInvoice = z.object({
  invoiceId: z.uuid(),
  number: z.string(),
  kind: z.enum(['invoice', 'credit_note']),
  invoiceDate: plainDate,
  dueDate: plainDate,
  currency: currencyCode,
  amount: decimalAmount.describe('The original amount'),
  principalOpen: decimalAmount,
  costsOpen: decimalAmount.describe('Collection costs open, VAT included'),
  interestOpen: decimalAmount,
  feesOpen: decimalAmount,
  totalOpen: decimalAmount,
});

const paidInvoice = z.object({
  number: z.string(),
  invoiceDate: plainDate,
  dueDate: plainDate,
  currency: currencyCode,
  amount: decimalAmount,
  paidOn: plainDate,
});

const portalArrangement = z.object({
  id: z.uuid(),
  status: z.enum(['requested', 'active', 'rejected', 'cancelled', 'broken', 'completed']),
  currency: currencyCode,
  total: decimalAmount,
  paid: decimalAmount,
  frequency: z.enum(['weekly', 'fortnightly', 'monthly', 'quarterly']),
  requestedAt: z.string().describe('ISO 8601'),
  invoiceNumbers: z.array(z.string()),
  instalments: z.array(
    z.object({
      sequence: z.number().int(),
      dueDate: plainDate,
      amount: decimalAmount,
      paid: decimalAmount,
      status: z.enum(['open', 'paid', 'missed']),
      paidOn: plainDate.nullable(),
    }),
  ),
});

/** OpenAPI security of the /api/portal routes: the portal session cookie. */
const portalSecurity = [{ portalSession: [] }];

const invoiceIds = z.array(z.uuid()).min(1).max(MAX_LINK_INVOICES);

/**
 * The customer portal's server side: GET /portal/:token opens a debtor's
 * portal link and starts a portal session, and the /api/portal routes serve
 * the portal page for that one debtor. Neither accepts a staff session or
 * an API key.
 */
export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  // A debtor's invoices and name must not stay in a shared browser's or proxy's cache.
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get(
    `${PORTAL_PATH}/:token`,
    {
      config: { rateLimit: { max: PORTAL_LINK_OPENINGS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: "Open a debtor's portal link: start a portal session and go to the portal",
        description:
          'Redirects with 303 to /portal with the portal session cookie set. An unknown, malformed or revoked link returns a 404 page that names no debtor.',
        tags: ['portal'],
        security: [],
        params: z.object({ token: z.string().max(200) }),
      },
    },
    async (request, reply) => {
      const { config, database } = request.server.services;
      const opened = await openPortalLink(database, {
        token: request.params.token,
        now: new Date(),
      });
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      if (!opened) {
        request.log.info('portal link rejected');
        return reply.code(404).type('text/html; charset=utf-8').send(renderInvalidPortalLinkPage());
      }

      request.log.info(
        { organisationId: opened.session.organisationId, portalSessionId: opened.session.id },
        'portal session started',
      );
      reply.setCookie(PORTAL_SESSION_COOKIE, opened.sessionToken, portalCookieOptions(config));
      return reply.redirect(PORTAL_PATH, 303);
    },
  );

  await app.register(portalApiRoutes);
};

const portalApiRoutes: FastifyPluginAsyncZod = async (app) => {
  requirePortalSession(app);

  app.get(
    '/api/portal/session',
    {
      schema: {
        summary: 'The portal session: its CSRF token and whom it is for',
        tags: ['portal'],
        security: portalSecurity,
        response: {
          200: z.object({
            csrfToken: z.string().describe('Send it in the x-csrf-token header of every POST'),
            language: z
              .enum(PORTAL_LANGUAGES)
              .describe("The debtor's language, if the portal has it"),
            debtor: z.object({ name: z.string(), number: z.string() }),
            entity: z.object({ name: z.string(), hasLogo: z.boolean() }),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withPortalSession(request, async (trx, session) => {
        const overview = await loadPortalOverview(trx, { ...session, now: new Date() });
        return {
          csrfToken: session.csrfToken,
          language: overview.debtor.language,
          debtor: { name: overview.debtor.name, number: overview.debtor.number },
          entity: overview.entity,
        };
      }),
  );

  app.get(
    '/api/portal/invoices',
    {
      schema: {
        summary: 'Outstanding invoices with costs and interest, recently paid invoices and totals',
        tags: ['portal'],
        security: portalSecurity,
        response: {
          200: z.object({
            openInvoices: z.array(openInvoice),
            paidInvoices: z.array(paidInvoice).describe('Paid in the last 365 days, newest first'),
            totals: z.array(
              z.object({
                currency: currencyCode,
                principalOpen: decimalAmount,
                chargesOpen: decimalAmount,
                totalOpen: decimalAmount,
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withPortalSession(request, async (trx, session) => {
        const overview = await loadPortalOverview(trx, { ...session, now: new Date() });
        return {
          openInvoices: overview.openInvoices,
          paidInvoices: overview.paidInvoices,
          totals: overview.totals,
        };
      }),
  );

  app.get(
    '/api/portal/logo',
    {
      schema: {
        summary: "The logo of the debtor's creditor",
        tags: ['portal'],
        security: portalSecurity,
        response: { 200: z.unknown().describe('The PNG or JPEG bytes'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const logo = await withPortalSession(request, (trx, session) =>
        readEntityLogo(trx, { organisationId: session.organisationId, entityId: session.entityId }),
      );

      return reply
        .type(logo.contentType)
        .header('cache-control', 'private, max-age=300')
        .send(logo.content);
    },
  );

  app.post(
    '/api/portal/payments',
    {
      schema: {
        summary: 'Pay chosen invoices: a payment link, or bank transfer details',
        description:
          'With a Mollie or Stripe payment channel, returns the path /pay/<token> of a new payment link to go to. Without one, returns the bank transfer details with the payment reference and an EPC QR code for euro amounts.',
        tags: ['portal'],
        security: portalSecurity,
        body: z.object({
          invoiceIds: invoiceIds.optional().describe('Leave out to pay every open invoice'),
        }),
        response: {
          200: z.discriminatedUnion('kind', [
            z.object({
              kind: z.literal('payment_link'),
              path: z.string(),
              currency: currencyCode,
              amount: decimalAmount,
            }),
            z.object({
              kind: z.literal('bank_transfer'),
              currency: currencyCode,
              amount: decimalAmount,
              beneficiary: z.string(),
              iban: z.string().nullable(),
              bic: z.string().nullable(),
              reference: z.string(),
              qrDataUrl: z.string().nullable(),
            }),
          ]),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withPortalSession(request, (trx, session) =>
        startPortalPayment(trx, {
          organisationId: session.organisationId,
          debtorId: session.debtorId,
          invoiceIds: request.body.invoiceIds,
        }),
      ),
  );

  app.get(
    '/api/portal/arrangements',
    {
      schema: {
        summary: "The debtor's requested and active payment arrangements",
        tags: ['portal'],
        security: portalSecurity,
        response: {
          200: z.object({ arrangements: z.array(portalArrangement) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withPortalSession(request, async (trx, session) => ({
        arrangements: await listPortalArrangements(trx, { debtorId: session.debtorId }),
      })),
  );

  app.post(
    '/api/portal/arrangements',
    {
      schema: {
        summary: 'Request a payment arrangement for chosen invoices',
        description:
          'Stored as requested, with source portal; a credit manager approves or rejects it on the customer card.',
        tags: ['portal'],
        security: portalSecurity,
        body: z.object({
          invoiceIds,
          instalmentCount: z.number().int().min(INSTALMENT_COUNT.min).max(INSTALMENT_COUNT.max),
          frequency: z.enum(['weekly', 'fortnightly', 'monthly', 'quarterly']),
          firstDueDate: businessDate,
        }),
        response: { 201: portalArrangement, ...errorResponses },
      },
    },
    async (request, reply) => {
      const arrangement = await withPortalSession(request, (trx, session) =>
        requestPortalArrangement(trx, {
          organisationId: session.organisationId,
          debtorId: session.debtorId,
          ...request.body,
          now: new Date(),
        }),
      );
      request.log.info({ arrangementId: arrangement.id }, 'portal arrangement requested');

      return reply.code(201).send(arrangement);
    },
  );

  app.post(
    '/api/portal/logout',
    {
      schema: {
        summary: 'End the portal session',
        tags: ['portal'],
        security: portalSecurity,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withPortalSession(request, (trx, session) => endPortalSession(trx, session.id));
      reply.clearCookie(PORTAL_SESSION_COOKIE, portalCookieOptions(request.server.services.config));

      return reply.code(204).send(null);
    },
  );
};
