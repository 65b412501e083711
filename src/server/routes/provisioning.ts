import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TenantTransaction } from '../../db/tenant.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { findGoLiveProblems } from '../../provisioning/go-live.ts';
import {
  PROVISIONING_STEPS,
  describeProgress,
  readProvisioningDocument,
  updateProgress,
} from '../../provisioning/provisioning-state.ts';
import { reviewFirstRun } from '../../provisioning/review-first-run.ts';
import { entityCodeQuery, errorResponses, plainDate } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const stepKey = z.enum(PROVISIONING_STEPS);

const channel = z.enum(['email', 'letter', 'sms', 'call', 'fax', 'handover']);

export const provisioningResponse = z.object({
  live: z.boolean(),
  liveSince: z.string().nullable().describe('When the organisation went live, ISO 8601'),
  currentStep: stepKey.describe('The step the wizard resumes at'),
  steps: z.array(z.object({ key: stepKey, done: z.boolean() })),
  goLiveProblems: z
    .array(z.object({ key: z.enum(['entities.missing', 'email.missing']), message: z.string() }))
    .describe('What keeps the organisation from going live; empty when it can go live or is live'),
});

const progressChange = z
  .object({
    currentStep: stepKey.optional().describe('The step to resume at'),
    completedStep: stepKey.optional().describe('A step that is now done'),
  })
  .refine(
    (change) => change.currentStep !== undefined || change.completedStep !== undefined,
    'give currentStep, completedStep or both',
  );

const reviewQuery = z.object({
  entity: entityCodeQuery,
  date: plainDate.optional().describe("Run date; default today in the entity's time zone"),
});

/** One message or call task of the reviewed run. */
const reviewAction = <Channel extends z.ZodType<string>>(channel: Channel) =>
  z.object({
    debtorId: z.uuid(),
    debtorNumber: z.string(),
    debtorName: z.string(),
    channel,
    step: z.string(),
    totalMinor: z.number().int().describe('Open total in minor units of the currency'),
    currency: z.string(),
    invoiceCount: z.number().int(),
    recipient: z.string().nullable().describe('E-mail address or phone number; null for a letter'),
  });

const reviewResponse = z.object({
  entity: z.string(),
  asOf: plainDate,
  summary: z.object({
    date: plainDate,
    messages: z.object({ created: z.number().int(), skipped: z.number().int() }),
    byStep: z.array(z.object({ step: z.string(), channel, count: z.number().int() })),
    notSendingDay: z
      .object({ reason: z.string(), nextSendingDay: plainDate })
      .optional()
      .describe('Present when the date is no sending day of the entity, so the run makes nothing'),
  }),
  messages: z.array(reviewAction(z.enum(['email', 'letter', 'sms', 'fax', 'handover']))),
  callTasks: z.number().int(),
  calls: z.array(reviewAction(z.literal('call'))).describe('The call tasks the run would make'),
  notSendingDay: z
    .object({
      kind: z.enum(['not_working_day', 'public_holiday', 'closing_day']),
      reason: z.string().describe('In English, such as "public holiday: Christmas Day"'),
      nextSendingDay: plainDate,
    })
    .optional()
    .describe('Present when the date is no sending day of the entity, so the run makes nothing'),
  skipped: z.array(
    z.object({
      debtorNumber: z.string(),
      debtorName: z.string(),
      step: z.string(),
      reason: z.enum(['on_hold', 'below_minimum', 'net_credit', 'contact_limit']),
      invoices: z.array(z.string()),
      onHold: z
        .array(z.object({ number: z.string(), holdReason: z.string() }))
        .optional()
        .describe(
          'For reason on_hold: why each invoice is on hold (import hold code, issue hold, or both joined by "; ")',
        ),
    }),
  ),
});

/**
 * The provisioning wizard: its progress, which survives logging out, and
 * the review of what the first dunning run of an entity would make.
 */
export const provisioningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/provisioning',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "The provisioning wizard's progress and whether the organisation is live",
        tags: ['provisioning'],
        response: { 200: provisioningResponse, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        describeProvisioning(trx, principal.organisationId, smtpConfigured(request)),
      ),
  );

  app.put(
    '/api/provisioning',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Store the step to resume at and mark a step done',
        tags: ['provisioning'],
        body: progressChange,
        response: { 200: provisioningResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change the provisioning progress');
      return withTenant(request, async (trx, principal) => {
        await updateProgress(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          currentStep: request.body.currentStep,
          completedStep: request.body.completedStep,
        });
        return describeProvisioning(trx, principal.organisationId, smtpConfigured(request));
      });
    },
  );

  app.get(
    '/api/provisioning/review',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "What the entity's first dunning run would make, computed without writing",
        tags: ['provisioning'],
        querystring: reviewQuery,
        response: { 200: reviewResponse, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: request.query.entity,
        });
        return reviewFirstRun(trx, {
          entityId: entity.id,
          asOf: request.query.date ?? todayForEntity(entity, new Date()),
        });
      }),
  );
};

/** Returns whether the server-wide SMTP_URL is set, which lets an organisation without an e-mail channel go live. */
export function smtpConfigured(request: FastifyRequest): boolean {
  return request.server.services.config.smtpUrl !== undefined;
}

/** Builds the response of GET and PUT /api/provisioning. */
export async function describeProvisioning(
  trx: TenantTransaction,
  organisationId: string,
  systemSmtpConfigured: boolean,
): Promise<z.infer<typeof provisioningResponse>> {
  const organisation = await trx
    .selectFrom('organisations')
    .select('live_since')
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const progress = describeProgress(await readProvisioningDocument(trx, { organisationId }));
  const live = organisation.live_since !== null;

  return {
    live,
    liveSince: organisation.live_since ? organisation.live_since.toISOString() : null,
    ...progress,
    goLiveProblems: live ? [] : await findGoLiveProblems(trx, { systemSmtpConfigured }),
  };
}
