import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import {
  clearInvalidEmailAddress,
  listInvalidEmailAddresses,
} from '../../messaging/bounces/invalid-email-addresses.ts';
import { DSN_ACTIONS, parseDeliveryStatus } from '../../messaging/bounces/parse-delivery-status.ts';
import { recordBounce } from '../../messaging/bounces/record-bounce.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

/**
 * Maximum size of a bounce: 20 MiB. A report may return the whole e-mail,
 * with its letter and invoice copies attached (up to 10 MiB each).
 */
export const MAX_BOUNCE_BYTES = 20 * 1024 * 1024;

const bounceResponse = z.object({
  message: z.uuid().describe("Collecta's id of the bounced message"),
  action: z.enum(DSN_ACTIONS),
  status: z.string().describe('Enhanced status code, such as 5.1.1'),
  flagged: z
    .string()
    .nullable()
    .describe('The e-mail address flagged as unusable for the debtor; null when none'),
  changed: z.boolean().describe('False when the report changed nothing, such as a repeat'),
});

const invalidAddressBody = z.object({
  address: z.string(),
  messageId: z.string().nullable(),
  reason: z.string().nullable(),
  flaggedAt: z.string().describe('ISO 8601'),
});

const addressParams = z.object({
  id: z.uuid(),
  address: z.string().min(3).max(320).describe('The flagged e-mail address'),
});

/**
 * Bounce ingestion: a mail server pipes each delivery status notification
 * for Collecta's sender address to POST /api/messages/bounces with an API
 * key. The customer card lists and clears the addresses they flagged.
 */
export const bounceRoutes: FastifyPluginAsyncZod = async (app) => {
  // The raw message is parsed as MIME; Fastify's own text/plain parser would decode it as UTF-8.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(
    ['message/rfc822', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: MAX_BOUNCE_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/messages/bounces',
    {
      config: { access: 'batches.approve' },
      bodyLimit: MAX_BOUNCE_BYTES,
      schema: {
        summary: 'Record a bounce: a delivery status notification (RFC 3464) of a sent e-mail',
        description:
          'Send the raw message as the body with Content-Type message/rfc822 or text/plain, at most 20 MiB. The original Message-ID is read from the returned headers, else from In-Reply-To or References. A permanent failure (Action failed, Status 5.x.x) marks the message bounced and flags its address for the debtor, so later e-mail steps go as letters; Action delayed marks it delayed. The same report twice changes nothing more. 404 when no message of the organisation has the Message-ID; 400 for a message that is not a delivery status notification.',
        tags: ['messages'],
        consumes: ['message/rfc822', 'text/plain'],
        response: { 200: bounceResponse, ...errorResponses },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
        throw new AppError(
          'invalid_input',
          'body: send the delivery status notification as the raw message, with Content-Type message/rfc822.',
          { field: 'body' },
        );
      }
      const report = await parseDeliveryStatus(request.body);
      // The caller's entity scope applies: a report about another entity's message is not found.
      const outcome = await withTenant(request, (trx, principal) =>
        recordBounce(trx, auditContextOf(principal), report),
      );
      request.log.info(
        {
          messageId: outcome.messageId,
          action: outcome.action,
          status: outcome.status,
          flagged: outcome.flagged !== null,
          changed: outcome.changed,
        },
        'delivery status notification recorded',
      );

      return {
        message: outcome.messageId,
        action: outcome.action,
        status: outcome.status,
        flagged: outcome.flagged,
        changed: outcome.changed,
      };
    },
  );

  app.get(
    '/api/debtors/:id/invalid-email-addresses',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "The debtor's e-mail addresses that a bounce flagged as unusable",
        tags: ['debtors'],
        params: idParams,
        response: { 200: z.array(invalidAddressBody), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx) => listInvalidEmailAddresses(trx, { debtorId: request.params.id })),
  );

  app.delete(
    '/api/debtors/:id/invalid-email-addresses/:address',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: 'Clear the bounce flag of an e-mail address, so that e-mail steps use it again',
        tags: ['debtors'],
        params: addressParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        clearInvalidEmailAddress(trx, auditContextOf(principal), {
          debtorId: request.params.id,
          address: request.params.address,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};
