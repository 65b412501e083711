import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireDebtorCardAccess } from '../../issues/issue-access.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import {
  debtorSegmentInput,
  getDebtorSegment,
  setDebtorSegment,
} from '../../segments/debtor-segment.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const segmentReference = z.object({ id: z.uuid(), name: z.string() });

const debtorSegmentBody = z.object({
  debtorId: z.uuid(),
  segment: segmentReference.nullable(),
  pinned: z.boolean(),
  pinnedBy: z.string().nullable(),
  pinnedAt: z.string().nullable(),
  history: z.array(
    z.object({
      changedAt: z.string(),
      from: segmentReference.nullable(),
      to: segmentReference.nullable(),
      reason: z.string(),
      source: z.enum(['import', 'nightly', 'manual']),
      changedBy: z.string(),
    }),
  ),
});

/** GET and PUT /api/debtors/:id/segment: a debtor's segment, its pin and its segment history. */
export const debtorSegmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/debtors/:id/segment',
    {
      // debtors.read, or issues.read for a debtor with an issue: checked by requireDebtorCardAccess.
      config: { access: 'authenticated' },
      schema: {
        summary:
          "A debtor's segment, whether it is pinned, and the latest changes of segment with their reasons",
        tags: ['debtors'],
        params: idParams,
        response: { 200: debtorSegmentBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        await requireDebtorCardAccess(trx, principal, request.params.id);
        return getDebtorSegment(trx, request.params.id);
      }),
  );

  app.put(
    '/api/debtors/:id/segment',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Put a debtor in a segment by hand',
        description:
          'With pinned true the debtor stays in the segment: imports and the nightly evaluation never move it. With pinned false the rules may move it at the next import or nightly evaluation.',
        tags: ['debtors'],
        params: idParams,
        body: debtorSegmentInput,
        response: { 200: debtorSegmentBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        setDebtorSegment(trx, auditContextOf(principal), {
          debtorId: request.params.id,
          input: request.body,
        }),
      ),
  );
};
