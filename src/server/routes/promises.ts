import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listPromises } from '../../promises/list-promises.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';

const promiseStatus = z.enum(['open', 'kept', 'broken']);

export const promiseItem = z.object({
  id: z.uuid(),
  entityCode: z.string(),
  debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
  promisedDate: plainDate,
  amount: decimalAmount,
  paid: decimalAmount.describe(
    'Payments of the debtor in the currency from the day of the promise up to the promised date',
  ),
  currency: currencyCode,
  status: promiseStatus,
  channel: z
    .enum(['call', 'email', 'letter', 'portal', 'sms', 'other'])
    .describe('Where the debtor made the promise; a promise from a call outcome is call'),
  note: z.string().nullable(),
  callTaskId: z.uuid().nullable(),
  createdBy: z.string().describe('User id or "apikey:<key id>" of who recorded the promise'),
  createdAt: z.string().describe('ISO 8601 timestamp'),
});

/** Maximum number of promises in one response; the `limit` parameter may lower it. */
const MAX_PROMISES = 500;

/** GET /api/promises: promises to pay by promised date. */
export const promiseRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/promises',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List promises to pay by promised date, then debtor number',
        tags: ['promises'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          status: promiseStatus.optional(),
          limit: z.coerce
            .number()
            .int()
            .min(1)
            .max(MAX_PROMISES)
            .default(MAX_PROMISES)
            .describe(`Maximum promises to return, 1 to ${MAX_PROMISES}`),
        }),
        response: { 200: z.array(promiseItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        listPromises(trx, {
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          status: request.query.status,
          limit: request.query.limit,
        }),
      ),
  );
};
