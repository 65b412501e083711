import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadDemoData } from '../../demo/load-demo-data.ts';
import { errorResponses, plainDate } from '../schemas.ts';
import { requirePrincipal } from '../tenant-scope.ts';

const demoSummary = z.object({
  entities: z.number().int(),
  debtors: z.number().int(),
  invoices: z.number().int(),
  payments: z.number().int(),
  holds: z.number().int(),
  referenceDate: plainDate,
  entityCodes: z.array(z.string()),
});

/** POST /api/demo: loads the demo data into an organisation without entities. */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/demo',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Load demo entities, debtors, invoices and payments (only without entities)',
        tags: ['system'],
        response: { 200: demoSummary, ...errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);

      // loadDemoData opens its own tenant transaction, so it runs outside withTenant.
      return loadDemoData(request.server.services.database, {
        organisationId: principal.organisationId,
        actor: principal.actor,
      });
    },
  );
};
