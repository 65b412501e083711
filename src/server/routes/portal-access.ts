import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { buildDebtorPortalLink, revokePortalAccess } from '../../portal/debtor-portal-link.ts';
import { AppError } from '../../errors.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

/**
 * GET /api/debtors/:id/portal-link and POST /api/debtors/:id/portal-access/revoke:
 * a debtor's customer portal link for staff, and revoking it. Both need payments.manage.
 */
export const portalAccessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/debtors/:id/portal-link',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: "A debtor's customer portal link, as its reminders print it",
        description:
          "The link is <entity portal_url or PUBLIC_URL>/portal/<token>; it stays the same until the debtor's portal access is revoked.",
        tags: ['portal'],
        params: idParams,
        response: { 200: z.object({ url: z.string() }), ...errorResponses },
      },
    },
    async (request) => {
      const { publicUrl } = request.server.services.config;
      const url = await withTenant(request, (trx, principal) =>
        buildDebtorPortalLink(trx, {
          organisationId: principal.organisationId,
          debtorId: request.params.id,
          publicUrl,
        }),
      );
      if (!url) {
        throw new AppError('not_found', `Debtor ${request.params.id} does not exist.`);
      }

      return { url };
    },
  );

  app.post(
    '/api/debtors/:id/portal-access/revoke',
    {
      config: { access: 'payments.manage' },
      schema: {
        summary: "Revoke a debtor's customer portal links and end its portal sessions",
        description:
          'Every portal link sent to the debtor so far stops working; the next reminder carries a new one.',
        tags: ['portal'],
        params: idParams,
        response: { 200: z.object({ portalVersion: z.number().int() }), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        revokePortalAccess(trx, {
          organisationId: principal.organisationId,
          debtorId: request.params.id,
          actor: principal.actor,
        }),
      ),
  );
};
