import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { liftDebtorHold } from '../../debtors/debtor-hold.ts';
import { errorResponses, idParams, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

/** A debtor's dunning hold, as the hold route and the debtor card return it. */
export const debtorHoldBody = z.object({
  reason: z.string(),
  until: plainDate.nullable().describe('Last day of the hold; null holds until it is lifted'),
  heldBy: z.object({ actor: z.string(), name: z.string() }),
  heldAt: z.string().describe('When the hold was set, ISO 8601'),
});

/** DELETE /api/debtors/:id/hold: lifting the dunning hold set from batch review. */
export const debtorHoldRoutes: FastifyPluginAsyncZod = async (app) => {
  app.delete(
    '/api/debtors/:id/hold',
    {
      config: { access: 'dunning.manage' },
      schema: {
        summary: "Lift a debtor's dunning hold, so that the next dunning run reminds the debtor",
        description: 'Lifting a debtor that is not held changes nothing and returns lifted: false.',
        tags: ['debtors'],
        params: idParams,
        response: {
          200: z.object({ debtorId: z.uuid(), lifted: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        liftDebtorHold(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          debtorId: request.params.id,
        }),
      ),
  );
};
