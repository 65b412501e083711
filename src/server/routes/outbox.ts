import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOutbox } from '../list-outbox.ts';
import { errorResponses } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const outboxItem = z.object({
  id: z.uuid(),
  recipient: z.string().nullable(),
  subject: z.string(),
  status: z.literal('approved'),
  channel: z.enum(['email', 'letter', 'sms', 'fax', 'handover']),
  entityCode: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});

/** GET /api/outbox: messages approved but not yet sent. */
export const outboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/outbox',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'List messages approved but not yet sent, oldest first',
        tags: ['messages'],
        response: { 200: z.array(outboxItem), ...errorResponses },
      },
    },
    async (request) => {
      const items = await withTenant(request, (trx) => listOutbox(trx));

      return items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() }));
    },
  );
};
