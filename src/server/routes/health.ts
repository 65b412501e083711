import { sql } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../schemas.ts';
import '../server-types.ts';

const healthBody = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
});

/** GET /api/health: public; returns ok when the database runs a query. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Check that the server and its database answer',
        tags: ['system'],
        security: [],
        response: { 200: healthBody, ...errorResponses },
      },
    },
    async (request) => {
      const { database } = request.server.services;
      await sql`select 1`.execute(database.db);

      return { status: 'ok' as const, database: database.kind };
    },
  );
};
