import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { AppError, notice } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { SESSION_COOKIE } from '../auth/session-token.ts';
import { PORTAL_SESSION_COOKIE } from '../portal/portal-session.ts';
import { requireAuthentication } from './authenticate.ts';
import { handleError } from './error-handler.ts';
import { accountPublicRoutes, accountRoutes } from './routes/account.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { arrangementRoutes } from './routes/arrangements.ts';
import { auditEventRoutes } from './routes/audit-events.ts';
import { bankStatementRoutes } from './routes/bank-statements.ts';
import { batchRoutes } from './routes/batches.ts';
import { bounceRoutes } from './routes/bounces.ts';
import { businessProcessRoutes } from './routes/business-processes.ts';
import { calculatorRoutes } from './routes/calculator.ts';
import { callTaskRoutes } from './routes/call-tasks.ts';
import { channelRoutes } from './routes/channels.ts';
import { debtorRoutes } from './routes/debtors.ts';
import { debtorBankAccountRoutes } from './routes/debtor-bank-accounts.ts';
import { debtorHoldRoutes } from './routes/debtor-hold.ts';
import { debtorSegmentRoutes } from './routes/debtor-segment.ts';
import { demoRoutes } from './routes/demo.ts';
import { departmentRoutes } from './routes/departments.ts';
import { dunningRunRoutes } from './routes/dunning-runs.ts';
import { forecastRoutes } from './routes/forecast.ts';
import { entityRoutes } from './routes/entities.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes } from './routes/home.ts';
import { importRoutes } from './routes/imports.ts';
import { invoiceDocumentRoutes } from './routes/invoice-documents.ts';
import { interestRateRoutes } from './routes/interest-rates.ts';
import { issueRoutes } from './routes/issues.ts';
import { messageRoutes } from './routes/messages.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { outboxRoutes } from './routes/outbox.ts';
import { paymentRoutes } from './routes/payments.ts';
import { chargeRoutes } from './routes/charges.ts';
import { profileRoutes } from './routes/profiles.ts';
import { promiseRoutes } from './routes/promises.ts';
import { provisioningRoutes } from './routes/provisioning.ts';
import { issueReportRoutes } from './routes/issue-report.ts';
import { reportRoutes } from './routes/reports.ts';
import { loginRoutes, sessionRoutes } from './routes/session.ts';
import { segmentRoutes } from './routes/segments.ts';
import { templateRoutes } from './routes/templates.ts';
import { smsWebhookRoutes } from './routes/sms-webhooks.ts';
import { paymentLinkRoutes, payPageRoutes } from './routes/payment-links.ts';
import { paymentWebhookRoutes } from './routes/payment-webhooks.ts';
import { portalAccessRoutes } from './routes/portal-access.ts';
import { portalRoutes } from './routes/portal.ts';
import type { ProviderApiUrls } from '../payment-links/provider-for-organisation.ts';
import { userRoutes } from './routes/users.ts';
import type { ServerServices } from './server-types.ts';
import { defaultWebDirectory, registerWebApp } from './web-app.ts';

/** Largest file an upload route accepts, such as an import file or a logo: 50 MiB. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Content security policy of every response: scripts only from this server,
 * inline styles allowed (Mantine sets style attributes), images also as data:
 * and blob: URLs (QR codes, previews), and framing only by this server's own pages.
 */
const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'", 'blob:'],
  objectSrc: ["'self'", 'blob:'],
  frameAncestors: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

export interface BuildServerOptions {
  config: Config;
  database: DatabaseHandle;
  logger: Logger;
  /**
   * Queue that approving a batch hands the sending job to. Without one,
   * approved messages stay in the outbox until a worker sends them.
   */
  jobQueue?: ServerServices['jobQueue'];
  /** Directory of the built web app; default web/dist of the repository. */
  webDirectory?: string;
  /** Base URLs of the Mollie and Stripe APIs; default the real ones, tests set local fakes. */
  paymentProviderApiUrls?: ProviderApiUrls;
}

/**
 * Builds the HTTP server, not yet listening: the JSON API under /api with
 * zod-validated input and output, its OpenAPI description at /api/docs, and
 * the built web app for every other path. Every /api route except health,
 * login and the docs requires a session.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const services: ServerServices = {
    config: options.config,
    database: options.database,
    jobQueue: options.jobQueue,
  };
  app.decorate('services', services);
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);

  await app.register(fastifyCookie);
  // HSTS and upgrade-insecure-requests only when the public address is HTTPS: on an
  // http:// install reached by a LAN host name they would send the browser to a port
  // that speaks no TLS.
  const servedOverHttps = options.config.publicUrl.startsWith('https://');
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        ...contentSecurityPolicy,
        upgradeInsecureRequests: servedOverHttps ? [] : null,
      },
    },
    strictTransportSecurity: servedOverHttps,
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 },
  });
  // NOTE: trustProxy is off, so behind a reverse proxy all clients share the proxy's address
  // and therefore one login rate limit.
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        notice('request_rate_limited', { seconds: Math.ceil(context.ttl / 1000) }),
      ),
  });
  await registerApiDocs(app);

  await app.register(healthRoutes);
  await app.register(loginRoutes);
  await app.register(accountPublicRoutes);
  await app.register(smsWebhookRoutes);
  await app.register(paymentWebhookRoutes, { providerApiUrls: options.paymentProviderApiUrls });
  await app.register(payPageRoutes, { providerApiUrls: options.paymentProviderApiUrls });
  await app.register(portalRoutes);
  await app.register(async (scope) => {
    requireAuthentication(scope);
    await scope.register(sessionRoutes);
    await scope.register(accountRoutes);
    await scope.register(userRoutes);
    await scope.register(groupRoutes);
    await scope.register(departmentRoutes);
    await scope.register(entityRoutes);
    await scope.register(debtorRoutes);
    await scope.register(debtorSegmentRoutes);
    await scope.register(debtorHoldRoutes);
    await scope.register(debtorBankAccountRoutes);
    await scope.register(issueRoutes);
    await scope.register(batchRoutes);
    await scope.register(messageRoutes);
    await scope.register(bounceRoutes);
    await scope.register(invoiceDocumentRoutes);
    await scope.register(templateRoutes);
    await scope.register(outboxRoutes);
    await scope.register(callTaskRoutes);
    await scope.register(homeRoutes);
    await scope.register(promiseRoutes);
    await scope.register(arrangementRoutes);
    await scope.register(dunningRunRoutes);
    await scope.register(forecastRoutes);
    await scope.register(reportRoutes);
    await scope.register(issueReportRoutes);
    await scope.register(demoRoutes);
    await scope.register(apiKeyRoutes);
    await scope.register(auditEventRoutes);
    await scope.register(provisioningRoutes);
    await scope.register(organisationRoutes);
    await scope.register(businessProcessRoutes);
    await scope.register(segmentRoutes);
    await scope.register(profileRoutes);
    await scope.register(channelRoutes);
    await scope.register(importRoutes);
    await scope.register(interestRateRoutes);
    await scope.register(calculatorRoutes);
    await scope.register(bankStatementRoutes);
    await scope.register(paymentLinkRoutes);
    await scope.register(paymentRoutes);
    await scope.register(chargeRoutes);
    await scope.register(portalAccessRoutes);
  });

  await registerWebApp(app, options.webDirectory ?? defaultWebDirectory);

  return app;
}

/** OpenAPI generated from the routes' zod schemas, at /api/docs (UI) and /api/docs/json. */
async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Collecta API',
        description:
          'Credit management: debtors, dunning runs, message batches, reports and set-up. Authenticate in one of two ways. Programs send an API key of the organisation as "Authorization: Bearer KEY"; the key carries its own permissions and needs no CSRF token. The web app logs in with POST /api/session and sends the returned csrfToken in the x-csrf-token header of every request that is not a GET. A request without either gets 401; one without the permission a route needs gets 403.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the organisation' },
          portalSession: {
            type: 'apiKey',
            in: 'cookie',
            name: PORTAL_SESSION_COOKIE,
            description: "A debtor's customer portal session; only /api/portal routes accept it",
          },
        },
      },
      security: [{ sessionCookie: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header,
  });
}
