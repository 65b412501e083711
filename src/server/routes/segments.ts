import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SEGMENT_OPERATORS } from '../../segments/segment-rules.ts';
import {
  createSegment,
  deleteSegment,
  listSegments,
  segmentChange,
  segmentInput,
  updateSegment,
} from '../../segments/segments.ts';
import { listSegmentStatistics } from '../../segments/segment-statistics.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { formatDecimal } from '../../money/money.ts';
import { currencyCode, decimalAmount, errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const segmentResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.number().int(),
  isDefault: z.boolean(),
  rules: z.array(
    z.object({
      field: z.string(),
      operator: z.enum(SEGMENT_OPERATORS),
      value: z.union([z.string(), z.number(), z.array(z.string())]).nullable(),
    }),
  ),
  profile: z.object({ id: z.uuid(), name: z.string() }),
});

const segmentListEntry = segmentResponse.extend({
  debtorCount: z.number().int(),
  /** Open and overdue amounts of the segment's debtors per currency, today in each entity's time zone. */
  totals: z.array(
    z.object({ currency: currencyCode, open: decimalAmount, overdue: decimalAmount }),
  ),
});

const rulesDescription =
  'Rules over kind (b2b, b2c), country, language, riskScore, creditLimit (minor units), entity (entity code), openTotal and overdueTotal (minor units of the entity currency), averageDaysLate, onTimeShare (0 to 1), brokenPromises, issueCount (payment behaviour over the 12 months up to the evaluation date) and custom.NAME with equals, notEquals, in, notIn (a list or comma-separated text), lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual, isEmpty, isNotEmpty. A debtor gets the first segment, by ascending priority, whose rules all match, else the default segment.';

/** Segments: which debtors get which succession profile. */
export const segmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/segments',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List the segments in the order they are tried, the default last',
        description:
          'With each segment its number of debtors and their open and overdue amounts per currency, as of today in each entity time zone.',
        tags: ['segments'],
        response: { 200: z.array(segmentListEntry), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx) => {
        const segments = await listSegments(trx);
        const statistics = await listSegmentStatistics(trx);
        return segments.map((segment) => {
          const entry = statistics.get(segment.id);
          return {
            ...segment,
            debtorCount: entry?.debtorCount ?? 0,
            totals: (entry?.totals ?? []).map((total) => ({
              currency: total.currency,
              open: formatDecimal(total.openMinor, total.currency),
              overdue: formatDecimal(total.overdueMinor, total.currency),
            })),
          };
        });
      }),
  );

  app.post(
    '/api/segments',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Create a segment',
        description: rulesDescription,
        tags: ['segments'],
        body: segmentInput,
        response: { 201: segmentResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'create segments');
      const created = await withTenant(request, (trx, principal) =>
        createSegment(trx, auditContextOf(principal), request.body),
      );
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/segments/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Change a segment',
        description: rulesDescription,
        tags: ['segments'],
        params: idParams,
        body: segmentChange,
        response: { 200: segmentResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change segments');
      return withTenant(request, (trx, principal) =>
        updateSegment(trx, auditContextOf(principal), {
          id: request.params.id,
          change: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/segments/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Delete a segment other than the default; its debtors fall back to the default',
        tags: ['segments'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete segments');
      await withTenant(request, (trx, principal) =>
        deleteSegment(trx, auditContextOf(principal), request.params.id),
      );
      return reply.code(204).send(null);
    },
  );
};
