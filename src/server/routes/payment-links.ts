import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { formatDecimal } from '../../money/money.ts';
import { createPaymentLink, MAX_LINK_INVOICES } from '../../payment-links/create-payment-link.ts';
import { listPaymentLinks } from '../../payment-links/list-payment-links.ts';
import { openPaymentLink } from '../../payment-links/open-payment-link.ts';
import { PAY_PAGE_STATUS, renderPayPage } from '../../payment-links/pay-page-html.ts';
import { buildPaymentLinkUrl, PAY_PATH } from '../../payment-links/payment-link-token.ts';
import {
  hasPaymentProvider,
  type ProviderApiUrls,
} from '../../payment-links/provider-for-organisation.ts';
import type { TenantTransaction } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const paymentLinkBody = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'paid', 'expired', 'cancelled']),
  currency: z.string(),
  amount: z.string().describe('The open total when the link was made, such as "1234.50"'),
  paid: z.string().describe('Paid through the link so far, less refunds and chargebacks'),
  invoiceNumbers: z.array(z.string()),
  messageId: z.uuid().nullable().describe('Set for the link of a dunning message'),
  createdBy: z.string(),
  createdAt: z.string().describe('ISO 8601'),
  expiresOn: z
    .string()
    .nullable()
    .describe("The last day on which the link works, in the entity's time zone; null: no expiry"),
});

/**
 * POST and GET /api/debtors/:id/payment-links: making a payment link on the
 * customer card and listing the debtor's links. Both need payments.manage.
 */
export const paymentLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/debtors/:id/payment-links',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: "Make a payment link for a debtor's open total or chosen invoices",
        description:
          "Returns the public address PUBLIC_URL/pay/<token> once: only the SHA-256 of the token is stored, so the address cannot be shown again. Without invoiceIds the link covers every invoice of the debtor with something open. The link works for the entity's paymentLinkExpiryDays after today. Needs a Mollie or Stripe payment channel.",
        tags: ['payment links'],
        params: idParams,
        body: z.object({
          invoiceIds: z
            .array(z.uuid())
            .min(1)
            .max(MAX_LINK_INVOICES)
            .optional()
            .describe('Invoices of the debtor to pay; leave out for the open total'),
        }),
        response: {
          201: z.object({
            id: z.uuid(),
            url: z.string().describe('The payment link; shown only in this response'),
            currency: z.string(),
            amount: z.string(),
            invoiceIds: z.array(z.uuid()),
            expiresOn: z
              .string()
              .nullable()
              .describe("The last day on which the link works, in the entity's time zone"),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { publicUrl } = request.server.services.config;
      const link = await withTenant(request, async (trx, principal) => {
        await requireDebtor(trx, request.params.id);
        if (!(await hasPaymentProvider(trx))) {
          throw new AppError(
            'conflict',
            'No payment provider is set up: save the Mollie or Stripe settings with their secret in the set-up wizard under Channels first.',
          );
        }
        return createPaymentLink(trx, {
          organisationId: principal.organisationId,
          debtorId: request.params.id,
          invoiceIds: request.body.invoiceIds,
          actor: principal.actor,
        });
      });

      return reply.code(201).send({
        id: link.id,
        url: buildPaymentLinkUrl(publicUrl, link.token),
        currency: link.currency,
        amount: formatDecimal(link.amountMinor, link.currency),
        invoiceIds: link.invoiceIds,
        expiresOn: link.expiresOn,
      });
    },
  );

  app.get(
    '/api/debtors/:id/payment-links',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: "List a debtor's payment links with their status, newest first (at most 50)",
        tags: ['payment links'],
        params: idParams,
        response: {
          200: z.object({ providerConfigured: z.boolean(), links: z.array(paymentLinkBody) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, async (trx) => {
        await requireDebtor(trx, request.params.id);
        const links = await listPaymentLinks(trx, { debtorId: request.params.id });
        return {
          providerConfigured: await hasPaymentProvider(trx),
          links: links.map((link) => ({
            id: link.id,
            status: link.status,
            currency: link.currency,
            amount: formatDecimal(link.amountMinor, link.currency),
            paid: formatDecimal(link.paidMinor, link.currency),
            invoiceNumbers: link.invoiceNumbers,
            messageId: link.messageId,
            createdBy: link.createdBy,
            createdAt: link.createdAt.toISOString(),
            expiresOn: link.expiresOn,
          })),
        };
      }),
  );
};

/**
 * Throws not_found unless the debtor is visible to the caller: row-level
 * security hides other organisations and entities outside the caller's scope.
 */
async function requireDebtor(trx: TenantTransaction, debtorId: string): Promise<void> {
  const debtor = await trx
    .selectFrom('debtors')
    .select('id')
    .where('id', '=', debtorId)
    .executeTakeFirst();
  if (!debtor) {
    throw new AppError('not_found', `Debtor ${debtorId} does not exist.`);
  }
}

/** Openings of payment links per client IP address per minute. */
export const PAY_PAGE_OPENINGS_PER_MINUTE = 30;

/** Options of the public payment routes; tests point the provider clients at local fakes. */
export interface PaymentRouteOptions {
  providerApiUrls?: ProviderApiUrls;
}

/**
 * GET /pay/:token: the public payment link, without login and rate-limited.
 * It redirects with 303 to the provider's payment page. Otherwise it
 * returns a small HTML page: 200 when nothing is open, 404 when the link is
 * unknown or cancelled, 410 with the bank transfer details when it expired,
 * and 502 when the provider cannot be reached.
 */
export const payPageRoutes: FastifyPluginAsyncZod<PaymentRouteOptions> = async (app, options) => {
  app.get(
    `${PAY_PATH}/:token`,
    {
      config: { rateLimit: { max: PAY_PAGE_OPENINGS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Open a payment link: go on to the payment page of Mollie or Stripe',
        tags: ['payment links'],
        security: [],
        params: z.object({ token: z.string().max(100) }),
        querystring: z.object({
          returned: z.literal('1').optional().describe('Set on the way back from the payment page'),
        }),
      },
    },
    async (request, reply) => {
      const { database, config } = request.server.services;
      const outcome = await openPaymentLink(database, {
        token: request.params.token,
        returned: request.query.returned === '1',
        publicUrl: config.publicUrl,
        apiUrls: options.providerApiUrls ?? {},
        log: request.log,
      });
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      if (outcome.kind === 'redirect') {
        return reply.redirect(outcome.url, 303);
      }

      return reply
        .code(PAY_PAGE_STATUS[outcome.kind])
        .type('text/html; charset=utf-8')
        .send(renderPayPage(outcome));
    },
  );
};
