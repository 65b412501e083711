import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword, MIN_PASSWORD_LENGTH } from '../../auth/change-password.ts';
import { logIn } from '../../auth/log-in.ts';
import { logOut } from '../../auth/log-out.ts';
import type { SessionUser } from '../../auth/create-user.ts';
import { loadUserAccess, type UserAccess } from '../../access/principal.ts';
import { SESSION_COOKIE } from '../../auth/session-token.ts';
import { errorResponses } from '../schemas.ts';
import { sessionCookieOptions } from '../session-cookie.ts';
import { requireSession, withTenant } from '../tenant-scope.ts';

/** Login attempts allowed per client IP address per minute, on top of the per-user lock. */
export const LOGIN_ATTEMPTS_PER_MINUTE = 10;

const sessionBody = z.object({
  user: z.object({
    id: z.uuid(),
    username: z.string(),
    name: z.string(),
    language: z.string(),
  }),
  csrfToken: z.string().describe('Send this in the x-csrf-token header of every non-GET request'),
  access: z.object({
    group: z.string().nullable().describe('Slug of the user group'),
    startScreen: z.string().describe('The screen to open after login'),
    permissions: z.array(z.string()),
    entityIds: z
      .array(z.uuid())
      .nullable()
      .describe('The entities the user is limited to; null for all'),
    departmentId: z.uuid().nullable(),
  }),
});

function sessionResponse(session: {
  user: SessionUser;
  csrfToken: string;
  access: UserAccess;
}): z.infer<typeof sessionBody> {
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    access: {
      group: session.access.groupSlug,
      startScreen: session.access.startScreen,
      permissions: session.access.permissions,
      entityIds: session.access.entityIds,
      departmentId: session.access.departmentId,
    },
  };
}

const loginBody = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(1000),
  totpCode: z
    .string()
    .trim()
    .max(20)
    .optional()
    .describe('The 6-digit code of the authenticator app, for users with two-factor login on'),
});

/** POST /api/session: public, rate-limited login that sets the session cookie. */
export const loginRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/session',
    {
      config: { rateLimit: { max: LOGIN_ATTEMPTS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Log in with username, password and, when two-factor login is on, a TOTP code',
        tags: ['session'],
        security: [],
        body: loginBody,
        response: { 200: sessionBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { config, database } = request.server.services;
      const session = await logIn(database, {
        username: request.body.username,
        password: request.body.password,
        totpCode: request.body.totpCode,
        ttlHours: config.sessionTtlHours,
      });
      request.log.info(
        { organisationId: session.organisationId, userId: session.user.id },
        'user logged in',
      );
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(config));

      return sessionResponse({
        ...session,
        access: await loadUserAccess(database.db, session.user.id),
      });
    },
  );
};

/** GET and DELETE /api/session: the current session, and logging out. */
export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/session',
    {
      config: { access: 'session' },
      schema: {
        summary: 'The logged-in user and the CSRF token of the session',
        tags: ['session'],
        response: { 200: sessionBody, ...errorResponses },
      },
    },
    async (request) => sessionResponse(requireSession(request)),
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'session' },
      schema: {
        summary: 'Log out',
        tags: ['session'],
        response: { 204: z.null().describe('Logged out'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await withTenant(request, (trx) => logOut(trx, { sessionId: session.sessionId }));
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request.server.services.config));

      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/session/password',
    {
      config: { access: 'session' },
      schema: {
        summary: "Change the logged-in user's password; ends the user's other sessions",
        tags: ['session'],
        body: z.object({
          currentPassword: z.string().min(1).max(1000),
          newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
        }),
        response: { 204: z.null().describe('Password changed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await withTenant(request, (trx) =>
        changePassword(trx, {
          organisationId: session.organisationId,
          userId: session.user.id,
          keepSessionId: session.sessionId,
          currentPassword: request.body.currentPassword,
          newPassword: request.body.newPassword,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
