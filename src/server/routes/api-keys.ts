import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey } from '../../api-keys/create-api-key.ts';
import { listApiKeys } from '../../api-keys/list-api-keys.ts';
import { revokeApiKey } from '../../api-keys/revoke-api-key.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const timestamp = z.iso.datetime({ offset: true });

const apiKeySummary = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  permissions: z.array(z.string()),
  entityIds: z
    .array(z.uuid())
    .nullable()
    .describe('The entities the key is limited to, those of its creator; null for every entity'),
  createdBy: z.string().describe('User id, "apikey:<key id>" or "cli:<os user>"'),
  createdAt: timestamp,
  lastUsedAt: timestamp
    .nullable()
    .describe('Last request with the key; updated at most every 5 minutes'),
  revokedAt: timestamp.nullable(),
});

const createBody = z.object({
  name: z.string().trim().min(1).max(100).describe('What the key is for, such as "ERP export"'),
  permissions: z
    .array(z.string())
    .max(100)
    .optional()
    .describe('Permission names; default every permission that you hold'),
});

const createdBody = z.object({
  id: z.uuid(),
  key: z.string().describe('The key, shown only in this response: send it as "Bearer KEY"'),
  prefix: z.string(),
  permissions: z.array(z.string()),
  entityIds: z
    .array(z.uuid())
    .nullable()
    .describe('The entities the key is limited to, those of its creator; null for every entity'),
});

/** API keys of the organisation: list, create (the key is returned once) and revoke. */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/api-keys',
    {
      config: { access: 'users.read' },
      schema: {
        summary: "List the organisation's API keys, revoked ones included; never the keys",
        tags: ['api keys'],
        response: { 200: z.array(apiKeySummary), ...errorResponses },
      },
    },
    async (request) => {
      const keys = await withTenant(request, (trx) => listApiKeys(trx));

      return keys.map((key) => ({
        ...key,
        createdAt: key.createdAt.toISOString(),
        lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
        revokedAt: key.revokedAt?.toISOString() ?? null,
      }));
    },
  );

  app.post(
    '/api/api-keys',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Create an API key; the response is the only place the key appears',
        description:
          'The key gets the requested permissions (never one you lack) and is limited to the entities you are limited to. A key belongs to the organisation, not to its creator: it keeps working after its creator is deactivated or loses permissions, until someone revokes it.',
        tags: ['api keys'],
        body: createBody,
        response: { 201: createdBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await withTenant(request, (trx, principal) =>
        createApiKey(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          name: request.body.name,
          permissions: request.body.permissions,
          creatorPermissions: principal.permissions,
          creatorEntityIds: principal.entityIds,
        }),
      );
      reply.header('cache-control', 'no-store');

      return reply.code(201).send({
        id: created.id,
        key: created.key,
        prefix: created.prefix,
        permissions: created.permissions,
        entityIds: created.entityIds,
      });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Revoke an API key: requests with it get 401 from now on',
        tags: ['api keys'],
        params: idParams,
        response: { 204: z.null().describe('Revoked'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        revokeApiKey(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerEntityIds: principal.entityIds,
          id: request.params.id,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
