import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runDunningRespectingGoLive } from '../../dunning/run-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { businessDate, entityCodeQuery, errorResponses, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const runBody = z.object({
  entity: entityCodeQuery,
  date: businessDate.optional().describe("Run date; default today in the entity's time zone"),
  dryRun: z
    .boolean()
    .default(false)
    .describe(
      'Compute the summary without writing anything; every run is a dry run until the organisation goes live',
    ),
  includeOnHold: z
    .boolean()
    .default(false)
    .describe(
      'Remind invoices on hold (an import hold code or an issue of a category that pauses dunning) like the others',
    ),
});

const runSummary = z.object({
  date: plainDate,
  messages: z.object({ created: z.number().int(), skipped: z.number().int() }),
  byStep: z.array(
    z.object({
      step: z.string(),
      channel: z.enum(['email', 'letter', 'sms', 'call', 'fax', 'handover']),
      count: z.number().int(),
    }),
  ),
  onHold: z
    .array(
      z.object({
        debtorNumber: z.string(),
        debtorName: z.string(),
        invoiceNumber: z.string(),
        holdReason: z
          .string()
          .describe('The import hold code, the issue hold in words, or both joined by "; "'),
      }),
    )
    .describe(
      'Invoices left out because they are on hold, by debtor and invoice number; at most the first 1000',
    ),
  onHoldTotal: z.number().int().describe('Number of invoices left out because they are on hold'),
  notSendingDay: z
    .object({ reason: z.string(), nextSendingDay: plainDate })
    .optional()
    .describe(
      "Present when the date is no sending day of the entity: nothing was created, and the next sending day's run makes what became due",
    ),
  dryRun: z.boolean().describe('True when nothing was written'),
  dryRunReason: z
    .enum(['requested', 'not_live'])
    .nullable()
    .describe(
      'Why nothing was written: a dry run was requested, or the organisation is not live yet; null when the run was written',
    ),
});

/**
 * POST /api/dunning-runs: runs dunning for one entity and date. Until the
 * organisation goes live, every run is a dry run.
 */
export const dunningRunRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/dunning-runs',
    {
      config: { access: 'dunning.manage' },
      schema: {
        summary: "Run dunning for an entity: fill the day's message batches and call list",
        tags: ['dunning'],
        body: runBody,
        response: { 200: runSummary, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const { organisationId } = principal;
        const entity = await findEntityByCode(trx, { organisationId, code: request.body.entity });

        return runDunningRespectingGoLive(trx, {
          organisationId,
          entityId: entity.id,
          asOf: request.body.date ?? todayForEntity(entity, new Date()),
          dryRun: request.body.dryRun,
          includeOnHold: request.body.includeOnHold,
          actor: principal.actor,
        });
      }),
  );
};
