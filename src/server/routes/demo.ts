import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadDemoData } from '../../demo/load-demo-data.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { makeLiveForDemo } from '../../provisioning/go-live.ts';
import { errorResponses, plainDate } from '../schemas.ts';
import { requirePrincipal } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const demoSummary = z.object({
  entities: z.number().int(),
  debtors: z.number().int(),
  invoices: z.number().int(),
  payments: z.number().int(),
  holds: z.number().int(),
  processes: z.number().int().describe('Preset business processes created'),
  issueCategories: z.number().int().describe('Preset issue categories created'),
  issues: z.number().int().describe('Demo issues registered, open and closed'),
  referenceDate: plainDate,
  entityCodes: z.array(z.string()),
});

/**
 * POST /api/demo: loads the demo data into an organisation without entities
 * and sets it live, because demo data is there to try the whole product.
 */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/demo',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary:
          'Load demo entities, debtors, invoices, payments, business processes and issues (only without entities)',
        tags: ['system'],
        response: { 200: demoSummary, ...errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      requireEveryEntity(principal, 'load demo data');

      const { database } = request.server.services;
      const { organisationId, actor } = principal;

      // loadDemoData opens its own tenant transaction, so it runs outside withTenant.
      const summary = await loadDemoData(database, { organisationId, actor });
      await withOrganisation(database, organisationId, (trx) =>
        makeLiveForDemo(trx, { organisationId, actor }),
      );

      return summary;
    },
  );
};
