import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  handleMollieWebhook,
  handleStripeWebhook,
} from '../../payment-links/handle-payment-webhook.ts';
import { errorResponses } from '../schemas.ts';
import type { PaymentRouteOptions } from './payment-links.ts';

/**
 * Webhook calls per client IP address per minute. Providers post one per
 * status change, so the limit is far above their pace and only stops floods.
 */
export const PAYMENT_WEBHOOKS_PER_MINUTE = 600;

/** Largest webhook body; Stripe's Checkout Session events are a few KiB. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

const organisationParams = z.object({ organisationId: z.uuid() });

/**
 * Public webhook routes of the payment providers, without login and
 * rate-limited. A Mollie call only names a payment, whose state is then
 * fetched from Mollie with the organisation's key. A Stripe call must carry
 * a Stripe-Signature made with the organisation's webhook signing secret.
 * Refunds, chargebacks and lost disputes book negative payments.
 * Both return 200 for a payment that Collecta does not know, so the
 * status code reveals nothing about which ids exist.
 */
export const paymentWebhookRoutes: FastifyPluginAsyncZod<PaymentRouteOptions> = async (
  app,
  options,
) => {
  const apiUrls = options.providerApiUrls ?? {};
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  // The Stripe signature covers the exact bytes, so the JSON body is kept as text.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/webhooks/payments/mollie/:organisationId',
    {
      config: { rateLimit: { max: PAYMENT_WEBHOOKS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Receive a status change of a Mollie payment (webhook)',
        description:
          "Mollie posts id=tr_..., form-encoded and unsigned. Collecta fetches the payment with the organisation's API key and books it once it is paid. When the payment shows an amount refunded or charged back, Collecta fetches its refunds and chargebacks and books each once as a negative payment that opens the invoices again. Configure nothing at Mollie: every payment Collecta creates carries this URL as its webhookUrl.",
        tags: ['webhooks'],
        security: [],
        params: organisationParams,
        body: z.record(z.string(), z.string()),
        response: {
          200: z.object({ received: z.literal(true) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { organisationId } = request.params;
      const outcome = await handleMollieWebhook(request.server.services.database, {
        organisationId,
        body: request.body,
        apiUrls,
      });
      request.log.info(
        { organisationId, provider: 'mollie', paymentId: request.body.id, outcome },
        'Payment webhook processed',
      );

      return { received: true as const };
    },
  );

  app.post(
    '/api/webhooks/payments/stripe/:organisationId',
    {
      config: { rateLimit: { max: PAYMENT_WEBHOOKS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Receive a Checkout Session, refund or dispute event from Stripe (webhook)',
        description:
          'Add this URL as a webhook endpoint in the Stripe Dashboard for the events checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed, checkout.session.expired, charge.refunded, charge.refund.updated, charge.dispute.created and charge.dispute.closed, and store its signing secret (whsec_...) with the Stripe secret key. A succeeded refund, and a dispute once it is lost, is booked once as a negative payment that opens the invoices again. A missing or wrong Stripe-Signature gets 400, and 403 when the organisation has no Stripe channel; neither changes anything.',
        tags: ['webhooks'],
        security: [],
        params: organisationParams,
        body: z.string(),
        response: {
          200: z.object({ received: z.literal(true) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { organisationId } = request.params;
      const signature = request.headers['stripe-signature'];
      const outcome = await handleStripeWebhook(request.server.services.database, {
        organisationId,
        rawBody: request.body,
        signatureHeader: typeof signature === 'string' ? signature : undefined,
        apiUrls,
      });
      request.log.info(
        { organisationId, provider: 'stripe', outcome },
        'Payment webhook processed',
      );

      return { received: true as const };
    },
  );
};
