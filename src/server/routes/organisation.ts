import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../../audit/record-audit.ts';
import type { TenantTransaction } from '../../db/tenant.ts';
import { goLive } from '../../provisioning/go-live.ts';
import { errorResponses } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';
import { smtpConfigured } from './provisioning.ts';

const organisationResponse = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  live: z.boolean(),
  liveSince: z.string().nullable().describe('When the organisation went live, ISO 8601'),
});

const organisationChange = z.object({ name: z.string().trim().min(1).max(200) });

const goLiveResponse = z.object({
  live: z.literal(true),
  liveSince: z.string().describe('ISO 8601'),
});

/** The caller's organisation: its name and whether it is live, and going live. */
export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/organisation',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'The organisation of the caller',
        tags: ['provisioning'],
        response: { 200: organisationResponse, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) => readOrganisation(trx, principal.organisationId)),
  );

  app.patch(
    '/api/organisation',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Rename the organisation',
        tags: ['provisioning'],
        body: organisationChange,
        response: { 200: organisationResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'rename the organisation');
      return withTenant(request, async (trx, principal) => {
        const { organisationId } = principal;
        const before = await readOrganisation(trx, organisationId);
        await trx
          .updateTable('organisations')
          .set({ name: request.body.name })
          .where('id', '=', organisationId)
          .execute();
        await recordAudit(trx, {
          organisationId,
          actor: principal.actor,
          action: 'organisation.updated',
          subjectType: 'organisation',
          subjectId: organisationId,
          before: { name: before.name },
          after: { name: request.body.name },
        });
        return readOrganisation(trx, organisationId);
      });
    },
  );

  app.post(
    '/api/organisation/go-live',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary:
          'Go live: from now on dunning runs write message batches and approved messages are sent',
        description:
          'Needs at least one entity and an SMTP server for e-mail (the e-mail channel or SMTP_URL). 409 conflict when the organisation is live already or not ready; details.problems lists what is missing.',
        tags: ['provisioning'],
        response: { 200: goLiveResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'set the organisation live');
      return withTenant(request, async (trx, principal) => {
        const { liveSince } = await goLive(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          systemSmtpConfigured: smtpConfigured(request),
        });
        return { live: true as const, liveSince: liveSince.toISOString() };
      });
    },
  );
};

async function readOrganisation(trx: TenantTransaction, organisationId: string) {
  const row = await trx
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'live_since'])
    .where('id', '=', organisationId)
    .executeTakeFirstOrThrow();

  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    live: row.live_since !== null,
    liveSince: row.live_since ? row.live_since.toISOString() : null,
  };
}
