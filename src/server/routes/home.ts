import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getHome, HOME_LIST_LIMIT } from '../../home/get-home.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { callTaskItem } from './call-tasks.ts';
import { entityIdForCode } from './entity-lookup.ts';
import { promiseItem } from './promises.ts';

const count = z.number().int().optional();

const homeBody = z.object({
  days: z
    .array(z.object({ entityCode: z.string(), today: plainDate }))
    .describe('The local today of each entity the overview covers'),
  counts: z
    .object({
      batchesToApprove: count,
      callsDue: count,
      promisesDue: count,
      issuesPastDeadline: count,
      escalatedIssues: count,
    })
    .describe('Items per section, beyond the listed ones; only for the sections present'),
  batchesToApprove: z
    .array(
      z.object({
        id: z.uuid(),
        entityCode: z.string(),
        channel: z.enum(['email', 'letter', 'sms', 'fax', 'handover']),
        runDate: plainDate,
        messageCount: z.number().int().describe('Messages waiting for approval'),
        totals: z.array(z.object({ currency: currencyCode, amount: decimalAmount })),
      }),
    )
    .optional()
    .describe('Pending message batches, oldest first; needs dunning.read'),
  callsDue: count.describe('Open call tasks due today or earlier; needs dunning.read'),
  callTasksDue: z
    .array(callTaskItem)
    .optional()
    .describe(`The first ${HOME_LIST_LIMIT} of those call tasks by due date; needs dunning.read`),
  promisesDue: z
    .array(promiseItem)
    .optional()
    .describe(
      `Open promises to pay dated today or earlier, at most ${HOME_LIST_LIMIT}; needs debtors.read`,
    ),
  issuesPastDeadline: z
    .array(
      z.object({
        id: z.uuid(),
        entityCode: z.string(),
        debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
        category: z.string(),
        department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        deadline: plainDate,
        description: z.string(),
      }),
    )
    .optional()
    .describe(
      `Open issues past their deadline, at most ${HOME_LIST_LIMIT}, of the user's department when the user has one; needs issues.read`,
    ),
  escalatedIssues: z
    .array(
      z.object({
        id: z.uuid(),
        number: z.number().int(),
        entityCode: z.string(),
        debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
        category: z.string(),
        categoryNames: z
          .record(z.string(), z.string())
          .describe('Category names by language code; category serves the others'),
        department: z.object({ id: z.uuid(), name: z.string() }).nullable(),
        deadline: plainDate,
        daysPastDeadline: z.number().int(),
        escalatedAt: z.string().describe('When the escalation job escalated the issue (ISO 8601)'),
      }),
    )
    .optional()
    .describe(
      `Open issues escalated after their deadline, oldest deadline first, at most ${HOME_LIST_LIMIT}; needs issues.read and reports.read`,
    ),
});

/** GET /api/home: the start screen, the day's work of the logged-in user. */
export const homeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/home',
    {
      config: { access: 'authenticated' },
      schema: {
        summary:
          "The day's work: batches to approve, calls, promises, issues due and escalated issues",
        description:
          'Each section is present only when the caller holds its permission. "Today" is the local date of each entity.',
        tags: ['home'],
        querystring: z.object({ entity: entityCodeQuery.optional() }),
        response: { 200: homeBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        getHome(trx, {
          principal,
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          now: new Date(),
        }),
      ),
  );
};
