import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const entityItem = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  country: z.string(),
  language: z.string(),
  timeZone: z.string(),
  iban: z.string().nullable(),
});

/** GET /api/entities: the organisation's entities, by code. */
export const entityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/entities',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'List the entities of the organisation',
        tags: ['entities'],
        response: { 200: z.array(entityItem), ...errorResponses },
      },
    },
    async (request) => {
      const entities = await withTenant(request, (trx) =>
        trx
          .selectFrom('entities')
          .select(['id', 'code', 'name', 'currency', 'country', 'language', 'time_zone', 'iban'])
          .orderBy('code')
          .execute(),
      );

      return entities.map((entity) => ({
        id: entity.id,
        code: entity.code,
        name: entity.name,
        currency: entity.currency,
        country: entity.country,
        language: entity.language,
        timeZone: entity.time_zone,
        iban: entity.iban,
      }));
    },
  );
};
