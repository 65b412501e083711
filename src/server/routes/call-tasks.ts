import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listCallTasks } from '../../dunning/list-call-tasks.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';

const callTaskStatus = z.enum(['open', 'done', 'cancelled']);

const callTaskItem = z.object({
  id: z.uuid(),
  entityCode: z.string(),
  debtor: z.object({
    id: z.uuid(),
    number: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
  }),
  dueDate: plainDate,
  total: decimalAmount,
  currency: currencyCode,
  status: callTaskStatus,
  stepName: z.string(),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
});

/** GET /api/call-tasks: the call list by due date. */
export const callTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/call-tasks',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'List call tasks by due date, then debtor number',
        tags: ['call tasks'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          status: callTaskStatus.optional(),
        }),
        response: { 200: z.array(callTaskItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        listCallTasks(trx, {
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          ...(request.query.status ? { status: request.query.status } : {}),
        }),
      ),
  );
};
