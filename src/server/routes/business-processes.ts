import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasPermission } from '../../access/principal.ts';
import {
  createBusinessProcess,
  createPresetProcesses,
  deleteBusinessProcess,
  listBusinessProcesses,
  processChange,
  processInput,
  updateBusinessProcess,
} from '../../business-processes/business-processes.ts';
import {
  categoryChange,
  categoryInput,
  createCategory,
  deleteCategory,
  updateCategory,
} from '../../business-processes/issue-categories.ts';
import { AppError } from '../../errors.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const names = z
  .record(z.string(), z.string())
  .describe('Names by two-letter language code; `name` serves the other languages');

const categoryResponse = z.object({
  id: z.uuid(),
  processId: z.uuid(),
  name: z.string(),
  names,
  pausesDunning: z.boolean(),
  daysToResolve: z.number().int(),
  dayKind: z.enum(['calendar', 'working']),
  departmentId: z.uuid().nullable(),
  assigneeUserId: z.uuid().nullable(),
  escalationUserId: z.uuid().nullable(),
  escalationEmail: z.string().nullable(),
  portalSelectable: z.boolean(),
  resumeAfterDays: z.number().int(),
  archived: z.boolean(),
});

const processResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  names,
  categories: z.array(categoryResponse).describe('Every category, archived ones included'),
});

const presetsResponse = z.object({
  created: z.object({ processes: z.number().int(), categories: z.number().int() }),
  processes: z.array(processResponse),
});

/** Business processes and their issue categories, with the presets the wizard offers. */
export const businessProcessRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/business-processes',
    {
      // Dispute handlers with issues.read need the categories too, so either permission will do.
      config: { access: 'authenticated' },
      schema: {
        summary:
          'List the business processes with their issue categories (settings.read or issues.read)',
        tags: ['issues'],
        response: { 200: z.array(processResponse), ...errorResponses },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      if (!hasPermission(principal, 'settings.read') && !hasPermission(principal, 'issues.read')) {
        throw new AppError(
          'forbidden',
          'This needs the permission settings.read or issues.read, which you lack.',
        );
      }
      return withTenant(request, (trx) => listBusinessProcesses(trx));
    },
  );

  app.post(
    '/api/business-processes',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Create a business process, optionally with its issue categories',
        tags: ['issues'],
        body: processInput,
        response: { 201: processResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'create business processes');
      const created = await withTenant(request, (trx, principal) =>
        createBusinessProcess(trx, auditContextOf(principal), request.body),
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/api/business-processes/presets',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Create the preset processes and issue categories that do not exist yet',
        tags: ['issues'],
        response: { 200: presetsResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'create the preset business processes');
      return withTenant(request, async (trx, principal) => {
        const { created } = await createPresetProcesses(trx, auditContextOf(principal));
        return { created, processes: await listBusinessProcesses(trx) };
      });
    },
  );

  app.patch(
    '/api/business-processes/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Change the name or the names of a business process',
        tags: ['issues'],
        params: idParams,
        body: processChange,
        response: { 200: processResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change business processes');
      return withTenant(request, (trx, principal) =>
        updateBusinessProcess(trx, auditContextOf(principal), {
          id: request.params.id,
          change: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/business-processes/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Delete a business process and its categories (409 while an issue uses one)',
        tags: ['issues'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete business processes');
      await withTenant(request, (trx, principal) =>
        deleteBusinessProcess(trx, auditContextOf(principal), request.params.id),
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/business-processes/:id/categories',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Add an issue category to a business process',
        tags: ['issues'],
        params: idParams,
        body: categoryInput,
        response: { 201: categoryResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'add issue categories');
      const created = await withTenant(request, (trx, principal) =>
        createCategory(trx, auditContextOf(principal), request.params.id, request.body),
      );
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/api/issue-categories/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Change an issue category; archived: true keeps it from new issues',
        tags: ['issues'],
        params: idParams,
        body: categoryChange,
        response: { 200: categoryResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change issue categories');
      return withTenant(request, (trx, principal) =>
        updateCategory(trx, auditContextOf(principal), {
          id: request.params.id,
          change: request.body,
        }),
      );
    },
  );

  app.delete(
    '/api/issue-categories/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Delete an issue category (409 while an issue uses it: archive it instead)',
        tags: ['issues'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete issue categories');
      await withTenant(request, (trx, principal) =>
        deleteCategory(trx, auditContextOf(principal), request.params.id),
      );
      return reply.code(204).send(null);
    },
  );
};
