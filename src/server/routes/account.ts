import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../auth/change-password.ts';
import { confirmTotp, disableTotp, startTotpEnrolment } from '../../users/manage-totp.ts';
import { invalidTokenError, redeemUserToken } from '../../users/redeem-user-token.ts';
import { requestPasswordReset } from '../../users/request-password-reset.ts';
import { findValidToken } from '../../users/user-tokens.ts';
import { errorResponses } from '../schemas.ts';
import { requireSession, withTenant } from '../tenant-scope.ts';

/** Requests per client IP address per minute to each public account route and each TOTP check. */
export const ACCOUNT_REQUESTS_PER_MINUTE = 10;

const rateLimit = { max: ACCOUNT_REQUESTS_PER_MINUTE, timeWindow: '1 minute' };

/**
 * Link checks per client IP address per minute. A lookup changes nothing and
 * a token has 256 random bits, so this limit only stops floods. It is higher
 * than the others because every link page checks its link.
 */
const TOKEN_LOOKUPS_PER_MINUTE = 60;

const token = z.string().min(20).max(200).describe('The token of the link');
const password = z.string().min(MIN_PASSWORD_LENGTH).max(1000);
const totpCode = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .describe('The 6-digit code of the authenticator app');

const tokenBody = z.object({
  purpose: z.enum(['invitation', 'password_reset']),
  username: z.string(),
  name: z.string(),
  language: z.string(),
  expiresAt: z.iso.datetime(),
});

/**
 * Public account routes, without login and rate-limited: invitation and
 * password-reset links, and "forgot password". Tokens never reach a log:
 * the route with the token in its path logs only warnings and errors.
 */
export const accountPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/account/tokens/:token',
    {
      config: { rateLimit: { max: TOKEN_LOOKUPS_PER_MINUTE, timeWindow: '1 minute' } },
      logLevel: 'warn',
      schema: {
        summary: 'Check an invitation or password-reset link and show whose it is',
        tags: ['account'],
        security: [],
        params: z.object({ token }),
        response: { 200: tokenBody, ...errorResponses },
      },
    },
    async (request) => {
      const found = await findValidToken(request.server.services.database.db, request.params.token);
      if (!found) {
        throw invalidTokenError();
      }

      return {
        purpose: found.purpose,
        username: found.username,
        name: found.name,
        language: found.language,
        expiresAt: found.expiresAt.toISOString(),
      };
    },
  );

  // Accepting an invitation and resetting a password both set a password with a link.
  const linkRoutes = [
    {
      url: '/api/account/invitation',
      purpose: 'invitation',
      summary: 'Accept an invitation by choosing a password',
      logMessage: 'invitation accepted',
    },
    {
      url: '/api/account/password-reset',
      purpose: 'password_reset',
      summary: 'Choose a new password with a password-reset link; ends all sessions of the user',
      logMessage: 'password reset',
    },
  ] as const;
  for (const route of linkRoutes) {
    app.post(
      route.url,
      {
        config: { rateLimit },
        schema: {
          summary: route.summary,
          tags: ['account'],
          security: [],
          body: z.object({ token, password }),
          response: { 204: z.null().describe('Password set; log in now'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const userId = await redeemUserToken(request.server.services.database, {
          token: request.body.token,
          purpose: route.purpose,
          password: request.body.password,
        });
        request.log.info({ userId }, route.logMessage);

        return reply.code(204).send(null);
      },
    );
  }

  app.post(
    '/api/account/forgot-password',
    {
      config: { rateLimit },
      schema: {
        summary: 'E-mail a password-reset link to the user with this username or e-mail address',
        description:
          'Always answers 204, whether or not such a user exists, so that nobody can find out which users exist. Sends nothing without SMTP settings.',
        tags: ['account'],
        security: [],
        body: z.object({ usernameOrEmail: z.string().trim().min(1).max(254) }),
        response: { 204: z.null().describe('Request taken'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { config, database } = request.server.services;
      const log = request.log;
      // The work runs after the response, so that its duration cannot reveal whether a user exists.
      void requestPasswordReset(database, {
        usernameOrEmail: request.body.usernameOrEmail,
        config,
        logger: log,
      })
        .then((sent) => log.info({ sent }, 'password reset requested'))
        .catch((error: unknown) => log.error({ err: error }, 'password reset request failed'));

      return reply.code(204).send(null);
    },
  );
};

/** Routes for the logged-in user's own two-factor login (TOTP). */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/account/totp',
    {
      config: { access: 'session' },
      schema: {
        summary: 'Start two-factor enrolment: a new TOTP secret for the authenticator app',
        description:
          'Two-factor login stays off until POST /api/account/totp/confirm receives a valid code of this secret.',
        tags: ['account'],
        response: {
          200: z.object({
            secret: z.string().describe('Base32 secret, for typing in by hand'),
            otpauthUrl: z.string(),
            qrDataUrl: z.string().describe('The otpauth URL as a PNG QR code data URL'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const session = requireSession(request);

      return withTenant(request, (trx) => startTotpEnrolment(trx, { userId: session.user.id }));
    },
  );

  app.post(
    '/api/account/totp/confirm',
    {
      config: { access: 'session', rateLimit },
      schema: {
        summary: 'Turn two-factor login on with a code of the new secret',
        tags: ['account'],
        body: z.object({ code: totpCode }),
        response: { 204: z.null().describe('Two-factor login is on'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await withTenant(request, (trx, principal) =>
        confirmTotp(trx, {
          organisationId: principal.organisationId,
          userId: session.user.id,
          code: request.body.code,
        }),
      );

      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/account/totp',
    {
      config: { access: 'session', rateLimit },
      schema: {
        summary: 'Turn two-factor login off; needs a current code',
        tags: ['account'],
        body: z.object({ code: totpCode }),
        response: { 204: z.null().describe('Two-factor login is off'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      await withTenant(request, (trx, principal) =>
        disableTotp(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          userId: session.user.id,
          code: request.body.code,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
