import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  isPermission,
  PERMISSION_NAMES,
  PERMISSIONS,
  START_SCREENS,
  type Permission,
} from '../../access/permissions.ts';
import { listUserGroups, type UserGroupView } from '../../users/list-user-groups.ts';
import { createUserGroup, deleteUserGroup, updateUserGroup } from '../../users/save-user-group.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const groupItem = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  startScreen: z.string(),
  preset: z
    .string()
    .nullable()
    .describe('The preset slug of a seeded group; null for a group made by an administrator'),
  userCount: z.number().int(),
});

const permission = z
  .string()
  .refine(isPermission, {
    error: `unknown permission; use one of ${PERMISSION_NAMES.join(', ')}`,
  })
  .transform((value) => value as Permission);
const permissions = z.array(permission).max(PERMISSION_NAMES.length * 2);
const startScreen = z.enum(START_SCREENS).describe('The screen the web app opens after login');
const groupName = z.string().trim().min(1).max(100);

const createBody = z.object({
  slug: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,62}$/,
      'use 1 to 63 lower-case letters, digits and hyphens, starting with a letter or digit',
    ),
  name: groupName,
  permissions: permissions.optional().describe('Required unless copyFrom is given'),
  startScreen: startScreen.optional(),
  copyFrom: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('Slug of a group whose permissions and start screen the new group starts with'),
});

const updateBody = z.object({
  name: groupName.optional(),
  permissions: permissions.optional(),
  startScreen: startScreen.optional(),
});

function groupResponse(group: UserGroupView): z.infer<typeof groupItem> {
  return group;
}

/** User groups and the permissions they can hold. */
export const groupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/groups',
    {
      config: { access: 'users.read' },
      schema: {
        summary: 'List the user groups with their permissions and number of users',
        tags: ['users'],
        response: { 200: z.array(groupItem), ...errorResponses },
      },
    },
    async (request) => {
      const groups = await withTenant(request, (trx) => listUserGroups(trx));

      return groups.map(groupResponse);
    },
  );

  app.post(
    '/api/groups',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Create a user group, optionally as a copy of another group',
        description:
          'You must hold every permission of the new group and of the group it copies; otherwise the request is rejected with forbidden.',
        tags: ['users'],
        body: createBody,
        response: { 201: groupItem, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'create user groups');
      const group = await withTenant(request, (trx, principal) =>
        createUserGroup(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerPermissions: principal.permissions,
          input: request.body,
        }),
      );

      return reply.code(201).send(groupResponse(group));
    },
  );

  app.patch(
    '/api/groups/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: "Change a user group's name, permissions or start screen",
        description:
          'Preset groups can be changed too. You must hold every permission the group has and gets, or the change is rejected with forbidden. A change that leaves no active user with users.manage is rejected with conflict.',
        tags: ['users'],
        params: idParams,
        body: updateBody,
        response: { 200: groupItem, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change user groups');
      const group = await withTenant(request, (trx, principal) =>
        updateUserGroup(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerPermissions: principal.permissions,
          groupId: request.params.id,
          changes: request.body,
        }),
      );

      return groupResponse(group);
    },
  );

  app.delete(
    '/api/groups/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Delete a user group that has no users; preset groups cannot be deleted',
        description: 'You must hold every permission of the group.',
        tags: ['users'],
        params: idParams,
        response: { 204: z.null().describe('Deleted'), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete user groups');
      await withTenant(request, (trx, principal) =>
        deleteUserGroup(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerPermissions: principal.permissions,
          groupId: request.params.id,
        }),
      );

      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/permissions',
    {
      config: { access: 'users.read' },
      schema: {
        summary: 'List the permissions a user group or API key can hold',
        tags: ['users'],
        response: {
          200: z.array(z.object({ name: z.string(), description: z.string() })),
          ...errorResponses,
        },
      },
    },
    async () => PERMISSION_NAMES.map((name) => ({ name, description: PERMISSIONS[name] })),
  );
};
