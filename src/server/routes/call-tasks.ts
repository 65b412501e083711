import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clearInvalidPhoneNumber } from '../../call-tasks/invalid-phone-numbers.ts';
import {
  CALL_OUTCOMES,
  MAX_PROMISE_MONTHS,
  recordCallOutcome,
} from '../../call-tasks/record-call-outcome.ts';
import {
  CALL_TASK_SORTS,
  listCallTasks,
  MAX_CALL_ATTEMPTS,
} from '../../dunning/list-call-tasks.ts';
import { loadEntityToday } from '../../home/entity-today.ts';
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
    phone: z.string().nullable().describe('The first number no call marked as wrong'),
    riskScore: z.number().int().nullable(),
  }),
  dueDate: plainDate,
  total: decimalAmount,
  currency: currencyCode,
  status: callTaskStatus,
  stepName: z.string(),
  outcome: z.string().nullable().describe('The last recorded outcome, such as no_answer'),
  note: z.string().nullable(),
  attempts: z.number().int().describe(`Calls made so far; at most ${MAX_CALL_ATTEMPTS}`),
  retryOn: plainDate.nullable().describe('After no answer: the day the task comes back'),
});

const outcomeBody = z.object({
  outcome: z
    .enum(CALL_OUTCOMES)
    .describe(
      `no_answer keeps the task open until retryOn, but the unanswered call that makes ${MAX_CALL_ATTEMPTS} attempts closes it. The other outcomes close the task. wrong_number also marks the number as wrong, so later call steps become letters`,
    ),
  note: z.string().max(2000).optional(),
  promise: z
    .object({
      date: plainDate.describe(
        `Promised payment date, from the entity's today to ${MAX_PROMISE_MONTHS} months after it`,
      ),
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
  retryOn: plainDate
    .optional()
    .describe(
      "With outcome no_answer: the day to call again, from the entity's today on. A day that is not a sending day of the entity moves to the next sending day (see retryOnMovedFrom). Default: the entity's next sending day",
    ),
  number: z
    .string()
    .min(1)
    .max(50)
    .optional()
    .describe(
      "With outcome wrong_number: the number called, one of the debtor's numbers (the debtor's phone or a contact's phone or mobile; spaces, dots, hyphens and brackets are ignored). Default: the phone number the call list shows",
    ),
});

const callListQuery = z.object({
  entity: entityCodeQuery.optional(),
  status: callTaskStatus.optional(),
  sort: z
    .enum(CALL_TASK_SORTS)
    .default('priority')
    .describe(
      'priority: open total weighted by risk (1 + risk score / 100, score clamped to 0..100, none counts as 0), highest first. amount: open total, highest first. risk: risk score, highest first. due_date: oldest first',
    ),
  showLater: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe("true also lists tasks whose retry date lies after the entity's today"),
});

/** The call list, recording the outcome of a call, and clearing a number marked as wrong. */
export const callTaskRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/call-tasks',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'List call tasks, by default by priority (open total weighted by risk)',
        tags: ['call tasks'],
        querystring: callListQuery,
        response: { 200: z.array(callTaskItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const { query } = request;
        const entityId = await entityIdForCode(trx, principal, query.entity);
        const retryBy = query.showLater
          ? undefined
          : await loadEntityToday(trx, { entityId, now: new Date() });

        return listCallTasks(trx, {
          entityId,
          status: query.status,
          sort: query.sort,
          retryBy,
        });
      }),
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
          200: callTaskItem.extend({
            promise: promiseItem.nullable(),
            removedMessageIds: z
              .array(z.uuid())
              .describe(
                "With outcome promise: the debtor's pending messages in the task currency that left the entity's pending batches",
              ),
            retryOnMovedFrom: plainDate
              .nullable()
              .describe(
                'With outcome no_answer: the requested retryOn when it was not a sending day of the entity and moved to retryOn',
              ),
          }),
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

        return {
          ...recorded.task,
          promise: recorded.promise,
          removedMessageIds: recorded.removedMessageIds,
          retryOnMovedFrom: recorded.retryOnMovedFrom,
        };
      }),
  );

  app.delete(
    '/api/debtors/:id/invalid-phone-numbers/:number',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Clear a phone number a call marked as wrong, so later call steps use it again',
        tags: ['call tasks'],
        params: z.object({
          id: z.uuid(),
          number: z.string().min(1).max(50).describe('The number as marked, URL-encoded'),
        }),
        response: {
          200: z.object({ debtorId: z.uuid(), number: z.string(), cleared: z.literal(true) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id, number } = request.params;
      await withTenant(request, (trx, principal) =>
        clearInvalidPhoneNumber(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          debtorId: id,
          number,
        }),
      );

      return { debtorId: id, number, cleared: true as const };
    },
  );
};
