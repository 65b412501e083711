import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadRateTableView, loadRateTableViews } from '../../interest/rate-table-view.ts';
import { parseRatePercent } from '../../interest/rate-percent.ts';
import { MAX_RATE_ENTRIES, saveInterestRateTable } from '../../interest/save-rate-table.ts';
import { errorResponses, plainDate } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const rateKind = z
  .enum(['consumer', 'commercial'])
  .describe('consumer (art. 6:119 BW) or commercial (art. 6:119a BW)');

/** A yearly rate as a percentage with a decimal point and at most two decimals, from 0 to 100. */
export const ratePercent = z
  .string()
  .refine((value) => parseRatePercent(value) !== null, {
    message: 'use a percentage from 0.00 to 100.00 with at most two decimals, such as 12.50',
  })
  .describe('Yearly rate in percent with at most two decimals, such as "12.50"');

const rateTableBody = z.object({
  kind: rateKind,
  source: z
    .enum(['organisation', 'built-in'])
    .describe("'built-in' until an administrator saves the organisation's own table"),
  coveredThrough: plainDate.describe('The last day the table is known to cover'),
  entries: z.array(z.object({ validFrom: plainDate, rate: ratePercent })),
  updatedBy: z.object({ actor: z.string(), name: z.string() }).nullable(),
  updatedAt: z.string().nullable().describe('When the table was last saved, ISO 8601'),
});

/**
 * GET /api/interest-rates and PUT /api/interest-rates/:kind: the statutory
 * interest rate tables that calculations and dunning charges use.
 */
export const interestRateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/interest-rates',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List the statutory interest rate tables, consumer and commercial',
        description:
          'Until the organisation saves a table, the built-in table of this release applies and source is built-in.',
        tags: ['settings'],
        response: { 200: z.object({ tables: z.array(rateTableBody) }), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => ({
        tables: await loadRateTableViews(trx, principal.organisationId),
      })),
  );

  app.put(
    '/api/interest-rates/:kind',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Replace a statutory interest rate table: its rates and covered-through date',
        description: `Rates in date order, unique dates, each from 0.00 to 100.00 %, at most ${MAX_RATE_ENTRIES}; coveredThrough not before the last rate's date. Replaces the whole table in one transaction and audits it as interest_rates.updated.`,
        tags: ['settings'],
        params: z.object({ kind: rateKind }),
        body: z.object({
          coveredThrough: plainDate.describe('The last day the table is known to cover'),
          entries: z
            .array(z.object({ validFrom: plainDate, rate: ratePercent }))
            .min(1)
            .max(MAX_RATE_ENTRIES),
        }),
        response: { 200: rateTableBody, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change the statutory interest rates');
      return withTenant(request, async (trx, principal) => {
        await saveInterestRateTable(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          kind: request.params.kind,
          coveredThrough: request.body.coveredThrough,
          entries: request.body.entries.map((entry) => ({
            from: entry.validFrom,
            basisPoints: parseRatePercent(entry.rate) ?? Number.NaN,
          })),
        });
        return loadRateTableView(trx, {
          organisationId: principal.organisationId,
          kind: request.params.kind,
        });
      });
    },
  );
};
