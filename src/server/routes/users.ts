import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { UserTokenPurpose } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  inviteUser,
  USER_LANGUAGES,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '../../users/invite-user.ts';
import {
  checkGroupAssignable,
  checkUserInReach,
  rejectOwnAccount,
} from '../../users/check-caller-reach.ts';
import { issueUserLink } from '../../users/issue-user-link.ts';
import { findUser, listUsers, type UserView } from '../../users/list-users.ts';
import { disableTotp } from '../../users/manage-totp.ts';
import { sendAccountEmail } from '../../users/send-account-email.ts';
import { updateUser } from '../../users/update-user.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';

const userItem = z.object({
  id: z.uuid(),
  username: z.string(),
  email: z.string(),
  name: z.string(),
  language: z.string(),
  group: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
  entityIds: z
    .array(z.uuid())
    .nullable()
    .describe('The entities the user is limited to; null for every entity'),
  departmentId: z.uuid().nullable(),
  isActive: z.boolean(),
  status: z
    .enum(['invited', 'active', 'deactivated'])
    .describe('invited: no password chosen yet; deactivated: cannot log in'),
  totpEnabled: z.boolean(),
  createdAt: z.iso.datetime(),
});

const linkBody = z.object({
  url: z.string().describe('The link to send to the user; it contains a single-use secret'),
  expiresAt: z.iso.datetime(),
  emailed: z.boolean().describe('Whether the link was e-mailed to the user over SMTP'),
});

const username = z.string().trim().regex(USERNAME_PATTERN, USERNAME_RULE);
const email = z.string().trim().max(254).pipe(z.email('use a valid e-mail address'));
const name = z.string().trim().min(1).max(200);
const language = z.enum(USER_LANGUAGES);
const groupSlug = z.string().trim().min(1).max(63).describe('Slug of a user group');
const entityIds = z
  .array(z.uuid())
  .min(1, 'list at least one entity, or send null for every entity')
  .max(500)
  .nullable()
  .describe('The entities the user is limited to; null for every entity');

const createBody = z.object({
  username,
  email,
  name,
  language,
  group: groupSlug,
  entityIds: entityIds.optional(),
  departmentId: z.uuid().nullable().optional(),
});

const updateBody = z.object({
  email: email.optional(),
  name: name.optional(),
  language: language.optional(),
  group: groupSlug.optional(),
  entityIds: entityIds.optional(),
  departmentId: z.uuid().nullable().optional(),
  isActive: z.boolean().optional(),
});

function userResponse(user: UserView): z.infer<typeof userItem> {
  return { ...user, createdAt: user.createdAt.toISOString() };
}

/**
 * Issues a link in one transaction, then e-mails it after the transaction
 * has committed. The caller must have the user within reach (see
 * checkUserInReach), because the response contains the link.
 */
async function issueAndSendLink(
  request: FastifyRequest,
  params: { userId: string; purpose: UserTokenPurpose },
): Promise<z.infer<typeof linkBody>> {
  const { config, database } = request.server.services;
  const { organisationId } = requirePrincipal(request);
  const link = await withTenant(request, async (trx, principal) => {
    rejectOwnAccount(principal, params.userId);
    await checkUserInReach(trx, principal, params.userId);

    return issueUserLink(trx, {
      organisationId: principal.organisationId,
      actor: principal.actor,
      userId: params.userId,
      purpose: params.purpose,
      publicUrl: config.publicUrl,
    });
  });
  const emailed = await sendAccountEmail(
    { config, database, organisationId },
    request.log,
    link.email,
  );

  return { url: link.issued.url, expiresAt: link.issued.expiresAt.toISOString(), emailed };
}

/** Users of the organisation: list, invite, change, deactivate, links and two-factor reset. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/users',
    {
      config: { access: 'users.read' },
      schema: {
        summary: 'List the users of the organisation',
        tags: ['users'],
        response: { 200: z.array(userItem), ...errorResponses },
      },
    },
    async (request) => {
      const users = await withTenant(request, (trx) => listUsers(trx));

      return users.map(userResponse);
    },
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: 'users.read' },
      schema: {
        summary: 'One user',
        tags: ['users'],
        params: idParams,
        response: { 200: userItem, ...errorResponses },
      },
    },
    async (request) => {
      const user = await withTenant(request, (trx) => findUser(trx, request.params.id));
      if (!user) {
        throw new AppError('not_found', `User ${request.params.id} does not exist.`);
      }

      return userResponse(user);
    },
  );

  app.post(
    '/api/users',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Invite a user: creates the user without a password and issues an invitation link',
        description:
          'The invitation link is valid for 7 days and is e-mailed when SMTP is configured; the response always contains it. You can only assign a group whose permissions you all hold (forbidden otherwise), and a caller limited to some entities must limit the user to some of those.',
        tags: ['users'],
        body: createBody,
        response: {
          201: z.object({ user: userItem, invitation: linkBody }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { config, database } = request.server.services;
      const body = request.body;
      const invited = await withTenant(request, async (trx, principal) => {
        await checkGroupAssignable(trx, principal, body.group);

        return inviteUser(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerEntityIds: principal.entityIds,
          publicUrl: config.publicUrl,
          input: {
            username: body.username,
            email: body.email,
            name: body.name,
            language: body.language,
            group: body.group,
            entityIds: body.entityIds ?? null,
            departmentId: body.departmentId ?? null,
          },
        });
      });
      const emailed = await sendAccountEmail(
        { config, database, organisationId: requirePrincipal(request).organisationId },
        request.log,
        invited.link.email,
      );
      request.log.info({ userId: invited.user.id, emailed }, 'user invited');

      return reply.code(201).send({
        user: userResponse(invited.user),
        invitation: {
          url: invited.link.issued.url,
          expiresAt: invited.link.issued.expiresAt.toISOString(),
          emailed,
        },
      });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: "Change a user's details, group, entities, department or active state",
        description:
          'Deactivating ends the user’s sessions. Changes of group and entities apply from the user’s next request. You cannot change your own group (conflict). You can only change a user whose group holds no permission you lack and, when you are limited to some entities, a user limited to some of yours; and you can only assign a group whose permissions you all hold (forbidden otherwise).',
        tags: ['users'],
        params: idParams,
        body: updateBody,
        response: { 200: userItem, ...errorResponses },
      },
    },
    async (request) => {
      const user = await withTenant(request, (trx, principal) =>
        updateUser(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          callerEntityIds: principal.entityIds,
          callerPermissions: principal.permissions,
          userId: request.params.id,
          changes: request.body,
        }),
      );

      return userResponse(user);
    },
  );

  app.post(
    '/api/users/:id/invitation',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Issue a new invitation link; earlier invitation links stop working',
        tags: ['users'],
        params: idParams,
        response: { 200: linkBody, ...errorResponses },
      },
    },
    async (request) =>
      issueAndSendLink(request, { userId: request.params.id, purpose: 'invitation' }),
  );

  app.post(
    '/api/users/:id/password-reset',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: 'Issue a password-reset link, valid for 1 hour; earlier reset links stop working',
        tags: ['users'],
        params: idParams,
        response: { 200: linkBody, ...errorResponses },
      },
    },
    async (request) =>
      issueAndSendLink(request, { userId: request.params.id, purpose: 'password_reset' }),
  );

  app.delete(
    '/api/users/:id/totp',
    {
      config: { access: 'users.manage' },
      schema: {
        summary: "Turn off a user's two-factor login, such as after a lost phone",
        tags: ['users'],
        params: idParams,
        response: { 204: z.null().describe('Two-factor login is off'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, async (trx, principal) => {
        rejectOwnAccount(principal, request.params.id);
        await checkUserInReach(trx, principal, request.params.id);
        await disableTotp(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          userId: request.params.id,
        });
      });

      return reply.code(204).send(null);
    },
  );
};
