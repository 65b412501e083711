import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CALL_OUTCOMES, recordCallOutcome } from '../../call-tasks/record-call-outcome.ts';
import { listCallTasks } from '../../dunning/list-call-tasks.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  idParams,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';
import { promiseItem } from './promises.ts';

const callTaskStatus = z.enum(['open', 'done', 'cancelled']);

export const callTaskItem = z.object({
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
  outcome: z.string().nullable().describe('The last recorded outcome, such as no_answer'),
  note: z.string().nullable(),
});

const outcomeBody = z.object({
  outcome: z
    .enum(CALL_OUTCOMES)
    .describe('no_answer keeps the task open for another attempt; the others close it'),
  note: z.string().max(2000).optional(),
  promise: z
    .object({
      date: plainDate.describe("Promised payment date, from the entity's today on"),
      amount: z
        .string()
        .max(40)
        .regex(
          /^\d+(\.\d+)?$/,
          'use a decimal with a point and no thousands separators, such as "250.00"',
        )
        .describe('Promised amount in the task currency as a decimal, such as "250.00"'),
    })
    .optional()
    .describe('Required with outcome promise, rejected with any other outcome'),
});

/** The call list by due date, and recording the outcome of a call. */
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

  app.post(
    '/api/call-tasks/:id/outcome',
    {
      config: { access: 'calls.manage' },
      schema: {
        summary: 'Record the outcome of a call, with a promise to pay for outcome promise',
        tags: ['call tasks'],
        params: idParams,
        body: outcomeBody,
        response: {
          200: callTaskItem.extend({ promise: promiseItem.nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const recorded = await recordCallOutcome(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          taskId: request.params.id,
          input: request.body,
          now: new Date(),
        });

        return { ...recorded.task, promise: recorded.promise };
      }),
  );
};
