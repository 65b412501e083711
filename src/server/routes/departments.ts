import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addDepartment,
  deleteDepartment,
  listDepartments,
} from '../../users/manage-departments.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const departmentItem = z.object({ id: z.uuid(), name: z.string() });

/** Departments: where dispute handlers work, and what issues are assigned to. */
export const departmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/departments',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'List the departments of the organisation',
        tags: ['users'],
        response: { 200: z.array(departmentItem), ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => listDepartments(trx)),
  );

  app.post(
    '/api/departments',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Add a department',
        tags: ['users'],
        body: z.object({ name: z.string().trim().min(1).max(100) }),
        response: { 201: departmentItem, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'add departments');
      const department = await withTenant(request, (trx, principal) =>
        addDepartment(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          name: request.body.name,
        }),
      );

      return reply.code(201).send(department);
    },
  );

  app.delete(
    '/api/departments/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Delete a department; its users, issue categories and issues keep no department',
        tags: ['users'],
        params: idParams,
        response: { 204: z.null().describe('Deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete departments');
      await withTenant(request, (trx, principal) =>
        deleteDepartment(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          departmentId: request.params.id,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
