import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { allocateByHand } from '../../payments/queue/allocate-by-hand.ts';
import {
  dismissPayment,
  MAX_DISMISS_REASON_LENGTH,
  restorePayment,
} from '../../payments/queue/dismiss-payment.ts';
import { listPayments } from '../../payments/queue/list-payments.ts';
import { listUnmatchedPayments } from '../../payments/queue/list-unmatched-payments.ts';
import { searchOpenInvoices } from '../../payments/queue/search-open-invoices.ts';
import { entityCodeQuery, errorResponses, idParams, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';
import {
  allocationRequest,
  allocationResponse,
  openInvoiceItem,
  paymentItem,
  queueState,
  unmatchedPaymentItem,
} from './payment-body.ts';

/** Maximum number of payments in one response; the `limit` parameter may lower it. */
const MAX_PAYMENTS = 500;

/** Payments in one page of the queue when the request sets no `limit`. */
const DEFAULT_QUEUE_PAGE = 100;

/** Maximum number of invoices one search returns. */
const MAX_SEARCH_RESULTS = 50;

const limitQuery = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAYMENTS)
  .default(MAX_PAYMENTS)
  .describe(`Maximum payments to return, 1 to ${MAX_PAYMENTS}`);

/**
 * The payments list, the queue of unmatched payments and the manual work on
 * it: allocate by hand, dismiss and restore. Reading needs debtors.read and
 * changing needs payments.manage. A caller limited to some entities reads
 * and changes only the payments of those entities.
 */
export const paymentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/payments',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List payments, newest first, with filters',
        tags: ['payments'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          source: z.enum(['import', 'bank', 'provider', 'manual']).optional(),
          matchMethod: z
            .enum([
              'reference',
              'invoice_number',
              'amount_iban',
              'manual',
              'provider',
              'import',
              'none',
            ])
            .optional()
            .describe('How the payment was matched; none for payments with nothing allocated'),
          from: plainDate.optional().describe('First payment date, inclusive'),
          to: plainDate.optional().describe('Last payment date, inclusive'),
          debtor: z.uuid().optional().describe('Debtor id'),
          statement: z.uuid().optional().describe('Bank statement id'),
          limit: limitQuery,
        }),
        response: { 200: z.array(paymentItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const query = request.query;
        const payments = await listPayments(trx, {
          entityId: await entityIdForCode(trx, principal, query.entity),
          source: query.source,
          matchMethod: query.matchMethod,
          from: query.from,
          to: query.to,
          debtorId: query.debtor,
          statementId: query.statement,
          limit: query.limit,
        });
        return payments.map(({ remainderMinor: _remainderMinor, ...payment }) => payment);
      }),
  );

  app.get(
    '/api/payments/unmatched',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List a page of the queue of unmatched payments, with suggested invoices',
        description:
          'Receipts, reversals and returns from a bank, a provider or typed in, with an unallocated remainder and not dismissed. Ordered by payment date, then booking time: newest first, or oldest first with order=oldest. total counts the whole queue, so a client pages with offset until offset + limit reaches it.',
        tags: ['payments'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_PAYMENTS)
            .default(DEFAULT_QUEUE_PAGE)
            .describe(
              `Maximum payments to return, 1 to ${MAX_PAYMENTS}; default ${DEFAULT_QUEUE_PAGE}`,
            ),
          offset: z.coerce
            .number()
            .int()
            .min(0)
            .default(0)
            .describe('Payments to skip in the chosen order; default 0'),
          order: z
            .enum(['newest', 'oldest'])
            .default('newest')
            .describe('newest: latest payment date first (default); oldest: earliest first'),
        }),
        response: {
          200: z.object({
            payments: z.array(unmatchedPaymentItem),
            total: z
              .number()
              .int()
              .describe('Payments in the whole queue of the entity, or of all visible entities'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const { entity, limit, offset, order } = request.query;
        const page = await listUnmatchedPayments(trx, {
          organisationId: principal.organisationId,
          entityId: await entityIdForCode(trx, principal, entity),
          limit,
          offset,
          order,
        });
        return {
          payments: page.payments.map(({ remainderMinor: _remainderMinor, ...payment }) => payment),
          total: page.total,
        };
      }),
  );

  app.get(
    '/api/payments/:id/open-invoices',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'Search open invoices a payment can be allocated to',
        description:
          "Invoices of the payment's entity and currency with something open, whose number, debtor number or debtor name contains the search text.",
        tags: ['payments'],
        params: idParams,
        querystring: z.object({
          q: z.string().trim().min(1).max(100).describe('Search text, 1 to 100 characters'),
        }),
        response: { 200: z.array(openInvoiceItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        searchOpenInvoices(trx, {
          organisationId: principal.organisationId,
          paymentId: request.params.id,
          query: request.query.q,
          limit: MAX_SEARCH_RESULTS,
        }),
      ),
  );

  app.post(
    '/api/payments/:id/allocations',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: 'Allocate a payment by hand to invoices',
        description:
          "Each line settles at most its amount of the invoice, in the entity's allocation order (costs, interest, principal by default). The whole request is rejected, naming each field, when an amount is more than the invoice has open or the lines add up to more than the payment's remainder.",
        tags: ['payments'],
        params: idParams,
        body: allocationRequest,
        response: { 200: allocationResponse, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        allocateByHand(trx, {
          organisationId: principal.organisationId,
          paymentId: request.params.id,
          allocations: request.body.allocations,
          actor: principal.actor,
        }),
      ),
  );

  app.post(
    '/api/payments/:id/dismiss',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: 'Take a payment off the queue of unmatched payments without allocating it',
        description: 'For money that is no receivable, or a refund to make. Restore puts it back.',
        tags: ['payments'],
        params: idParams,
        body: z.object({
          reason: z
            .string()
            .trim()
            .min(1)
            .max(MAX_DISMISS_REASON_LENGTH)
            .describe(`Why, 1 to ${MAX_DISMISS_REASON_LENGTH} characters`),
        }),
        response: { 200: queueState, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        dismissPayment(trx, {
          organisationId: principal.organisationId,
          paymentId: request.params.id,
          reason: request.body.reason,
          actor: principal.actor,
        }),
      ),
  );

  app.post(
    '/api/payments/:id/restore',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: 'Put a dismissed payment back on the queue of unmatched payments',
        tags: ['payments'],
        params: idParams,
        response: { 200: queueState, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        restorePayment(trx, {
          organisationId: principal.organisationId,
          paymentId: request.params.id,
          actor: principal.actor,
        }),
      ),
  );
};
