import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission } from '../../access/principal.ts';
import { createArrangement } from '../../arrangements/create-arrangement.ts';
import { decideArrangement } from '../../arrangements/decide-arrangement.ts';
import { INSTALMENT_COUNT } from '../../arrangements/instalment-schedule.ts';
import { listArrangements, type ArrangementItem } from '../../arrangements/list-arrangements.ts';
import type { TenantTransaction } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import {
  businessDate,
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  idParams,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';

const arrangementStatus = z.enum([
  'requested',
  'active',
  'completed',
  'broken',
  'rejected',
  'cancelled',
]);
const frequency = z.enum(['weekly', 'fortnightly', 'monthly', 'quarterly']);

export const arrangementItem = z.object({
  id: z.uuid(),
  entityCode: z.string(),
  debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
  status: arrangementStatus,
  source: z.enum(['card', 'portal', 'api']),
  currency: currencyCode,
  total: decimalAmount,
  paid: decimalAmount.describe('Payments on the invoices since the arrangement was requested'),
  frequency,
  firstDueDate: plainDate,
  reminderDaysBefore: z.number().int(),
  note: z.string().nullable(),
  requestedBy: z
    .string()
    .describe('User id, "apikey:<key id>", "portal:<debtor id>" or "cli:<OS user>"'),
  requestedByName: z
    .string()
    .describe(
      "The requester's name: a user's name, \"API key <name>\", the debtor's name for the portal, else the stored actor",
    ),
  requestedAt: z.string().describe('ISO 8601 timestamp'),
  decidedBy: z
    .string()
    .nullable()
    .describe('Who approved, rejected or cancelled the arrangement last, as requestedBy'),
  decidedByName: z.string().nullable().describe('The name of decidedBy, as requestedByName'),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  brokenOn: plainDate.nullable(),
  completedOn: plainDate.nullable(),
  invoices: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      open: decimalAmount.describe('Open when the arrangement was made'),
    }),
  ),
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

const createBody = z.object({
  invoiceIds: z.array(z.uuid()).min(1).max(500).describe('Open invoices of the debtor'),
  instalmentCount: z.number().int().min(INSTALMENT_COUNT.min).max(INSTALMENT_COUNT.max),
  frequency,
  firstDueDate: businessDate,
  amounts: z
    .array(decimalAmount)
    .optional()
    .describe(
      'One amount per instalment; absent splits the open total evenly, the remainder on the last',
    ),
  reminderDaysBefore: z.number().int().min(0).max(30).optional(),
  note: z.string().max(2000).nullable().optional(),
  source: z
    .enum(['card', 'portal', 'api'])
    .default('api')
    .describe('Where the debtor asked: card (customer card), portal or api'),
  approve: z
    .boolean()
    .default(false)
    .describe('Make it active at once; needs payments.manage, otherwise it is requested'),
});

const decisionBody = z.object({
  note: z.string().max(2000).nullable().optional().describe('The reason, kept with the decision'),
});

/** Maximum number of arrangements in one list response. */
const MAX_ARRANGEMENTS = 500;

async function readArrangement(trx: TenantTransaction, id: string): Promise<ArrangementItem> {
  const [item] = await listArrangements(trx, { arrangementId: id });
  if (!item) {
    throw new AppError('not_found', `Arrangement ${id} does not exist.`);
  }
  return item;
}

/** Payment arrangements: list, create for a debtor, approve, reject and cancel. */
export const arrangementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/arrangements',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List payment arrangements, newest request first',
        tags: ['arrangements'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          status: arrangementStatus.optional(),
          limit: z.coerce.number().int().min(1).max(MAX_ARRANGEMENTS).default(MAX_ARRANGEMENTS),
        }),
        response: { 200: z.array(arrangementItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        listArrangements(trx, {
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          status: request.query.status,
          limit: request.query.limit,
        }),
      ),
  );

  app.get(
    '/api/debtors/:id/arrangements',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "List a debtor's payment arrangements, newest request first",
        tags: ['arrangements'],
        params: idParams,
        response: { 200: z.array(arrangementItem), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx) => {
        // Row-level security hides debtors of other organisations and entities, so this
        // returns 404 for them as for a missing debtor instead of an empty list.
        const debtor = await trx
          .selectFrom('debtors')
          .select('id')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!debtor) {
          throw new AppError('not_found', `Debtor ${request.params.id} does not exist.`);
        }
        return listArrangements(trx, { debtorId: request.params.id });
      }),
  );

  app.post(
    '/api/debtors/:id/arrangements',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Create a payment arrangement for open invoices of the debtor',
        description:
          'The arrangement covers what is open on the invoices. It is active at once when approve is true and the caller has payments.manage; otherwise it is requested and waits for a credit manager.',
        tags: ['arrangements'],
        params: idParams,
        body: createBody,
        response: { 201: arrangementItem, ...errorResponses },
      },
    },
    async (request, reply) => {
      const item = await withTenant(request, async (trx, principal) => {
        const id = await createArrangement(trx, {
          ...request.body,
          organisationId: principal.organisationId,
          debtorId: request.params.id,
          canApprove: hasPermission(principal, 'payments.manage'),
          actor: principal.actor,
          now: new Date(),
        });
        return readArrangement(trx, id);
      });
      return reply.status(201).send(item);
    },
  );

  for (const decision of ['approve', 'reject', 'cancel'] as const) {
    app.post(
      `/api/arrangements/:id/${decision}`,
      {
        config: { access: 'payments.manage' },
        schema: {
          summary: {
            approve: 'Approve a requested payment arrangement, which makes it active',
            reject: 'Reject a requested payment arrangement',
            cancel:
              'Cancel a requested or active payment arrangement; dunning of its invoices resumes',
          }[decision],
          tags: ['arrangements'],
          params: idParams,
          body: decisionBody,
          response: { 200: arrangementItem, ...errorResponses },
        },
      },
      async (request) =>
        withTenant(request, async (trx, principal) => {
          await decideArrangement(trx, {
            organisationId: principal.organisationId,
            arrangementId: request.params.id,
            decision,
            note: request.body.note ?? null,
            actor: principal.actor,
            now: new Date(),
          });
          return readArrangement(trx, request.params.id);
        }),
    );
  }
};
