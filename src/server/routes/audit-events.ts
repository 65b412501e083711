import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_AUDIT_PAGE_SIZE, searchAuditEvents } from '../../audit/search-audit-events.ts';
import { errorResponses, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const searchQuery = z.object({
  actor: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Exact actor: a user id, "apikey:<key id>", "cli:<os user>" or "system"'),
  action: z.string().min(1).max(100).optional().describe('Exact action, such as debtor.updated'),
  subjectType: z.string().min(1).max(100).optional().describe('Such as debtor, invoice, api_key'),
  subjectId: z.string().min(1).max(200).optional(),
  from: plainDate.optional().describe('First day, inclusive, as a UTC day'),
  to: plainDate.optional().describe('Last day, inclusive, as a UTC day'),
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Text in the action, the subject id or the before or after values; any case'),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
  before: z.string().max(200).optional().describe('The nextCursor of the previous page'),
});

const auditEventItem = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  actor: z.string(),
  actorName: z.string().nullable().describe("The user's name when the actor is a user"),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  before: z.unknown().describe('The changed values before the change; null when none'),
  after: z.unknown().describe('The values after the change; null when none'),
});

const searchBody = z.object({
  items: z.array(auditEventItem),
  nextCursor: z.string().nullable().describe('Pass as before for the next page; null at the end'),
});

/** GET /api/audit-events: search the organisation's audit log, newest first. */
export const auditEventRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit-events',
    {
      config: { access: 'audit.read' },
      schema: {
        summary: 'Search the audit log, newest first, one page at a time',
        tags: ['audit'],
        querystring: searchQuery,
        response: { 200: searchBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        searchAuditEvents(trx, { organisationId: principal.organisationId, ...request.query }),
      ),
  );
};
