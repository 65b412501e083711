import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateInTimeZone } from '../../dates/plain-date.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { computeAgeing } from '../../reports/ageing.ts';
import { formatAgeingJson } from '../../reports/format-ageing.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { codeHoldBody, issueHoldBody } from './hold-body.ts';

const tally = z.object({ count: z.number().int(), amount: decimalAmount });
const bucketName = z.enum(['current', '1-30', '31-60', '61-90', '91+']);

const ageingReport = z.object({
  date: plainDate,
  currency: currencyCode,
  buckets: z.array(
    z.object({
      name: bucketName,
      count: z.number().int(),
      amount: decimalAmount,
      onHold: tally.describe('The part of the bucket on hold'),
    }),
  ),
  credits: tally,
  total: tally,
  onHold: tally.describe(
    'Open items on hold (an import hold code or an issue that pauses dunning), credits included; part of total',
  ),
  heldInvoices: z
    .array(
      z.object({
        id: z.uuid(),
        number: z.string(),
        debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
        dueDate: plainDate,
        daysPastDue: z.number().int(),
        bucket: z.union([bucketName, z.literal('credits')]),
        open: decimalAmount,
        hold: codeHoldBody.nullable(),
        issueHold: issueHoldBody.nullable(),
      }),
    )
    .describe(
      'The items on hold with the reason, by debtor number and due date; at most 1000 for the entity',
    ),
});

/** GET /api/reports/ageing: open amounts by days past due, one report per currency. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/reports/ageing',
    {
      config: { access: 'reports.read' },
      schema: {
        summary: 'Ageing of an entity: open amounts by days past due, per currency',
        tags: ['reports'],
        querystring: z.object({
          entity: entityCodeQuery,
          date: plainDate
            .optional()
            .describe("As-of date; default today in the entity's time zone"),
        }),
        response: { 200: z.array(ageingReport), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: request.query.entity,
        });
        const asOf = request.query.date ?? dateInTimeZone(new Date(), entity.time_zone);

        return formatAgeingJson(await computeAgeing(trx, { entityId: entity.id, asOf }));
      }),
  );
};
