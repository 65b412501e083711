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

const tally = z.object({ count: z.number().int(), amount: decimalAmount });

const ageingReport = z.object({
  date: plainDate,
  currency: currencyCode,
  buckets: z.array(
    z.object({
      name: z.enum(['current', '1-30', '31-60', '61-90', '91+']),
      count: z.number().int(),
      amount: decimalAmount,
    }),
  ),
  credits: tally,
  total: tally,
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
