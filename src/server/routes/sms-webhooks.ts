import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadTwilioChannel } from '../../channels/sms-channel.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { recordSmsReceipt, TWILIO_MESSAGE_STATUSES } from '../../messaging/record-sms-receipt.ts';
import { verifyTwilioSignature } from '../../messaging/twilio-client.ts';
import { errorResponses } from '../schemas.ts';

/**
 * Status callbacks per client IP address per minute. Twilio posts one per
 * status change of every SMS, from a few addresses, so the limit is far
 * above a batch's pace and only stops floods.
 */
export const SMS_CALLBACKS_PER_MINUTE = 600;

/** Largest form body of a status callback; Twilio's are well under 2 KiB. */
const CALLBACK_BODY_LIMIT = 16 * 1024;

const receiptBody = z
  .object({
    MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'use a Twilio message sid'),
    MessageStatus: z.enum(TWILIO_MESSAGE_STATUSES),
    ErrorCode: z
      .string()
      .regex(/^\d{1,10}$/)
      .optional(),
  })
  .passthrough();

/**
 * Public webhook routes of SMS providers, without login and rate-limited.
 * Each request proves its origin with the provider's signature instead: a
 * request whose signature does not verify with the organisation's stored
 * token is rejected with 403, whether or not the organisation exists.
 */
export const smsWebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  // Twilio posts form-encoded bodies; the signature covers every parameter, so all are kept.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: CALLBACK_BODY_LIMIT },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  app.post(
    '/api/webhooks/sms/twilio/:organisationId',
    {
      config: { rateLimit: { max: SMS_CALLBACKS_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        summary: 'Receive the delivery status of an SMS from Twilio (status callback)',
        description:
          'Twilio posts MessageSid, MessageStatus and, for failures, ErrorCode, form-encoded and signed in the X-Twilio-Signature header with the account auth token. The signed URL is PUBLIC_URL followed by this path.',
        tags: ['webhooks'],
        security: [],
        params: z.object({ organisationId: z.uuid() }),
        body: z.record(z.string(), z.string()),
        response: {
          204: z.null().describe('Receipt recorded or already known'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { database, config } = request.server.services;
      const { organisationId } = request.params;
      const signature = request.headers['x-twilio-signature'];
      const url = `${config.publicUrl}${request.url}`;

      const verification = await withOrganisation(database, organisationId, async (trx) => {
        const channel = await loadTwilioChannel(trx).catch(() => undefined);
        if (!channel) {
          return 'no Twilio channel with an auth token';
        }
        const valid = verifyTwilioSignature(
          channel.credentials.authToken,
          url,
          request.body,
          typeof signature === 'string' ? signature : undefined,
        );
        return valid ? 'valid' : 'missing or invalid X-Twilio-Signature';
      });
      if (verification !== 'valid') {
        // The response is the same in both cases, so it does not tell which organisations use Twilio.
        request.log.warn(
          { organisationId, url, reason: verification },
          'SMS status callback rejected',
        );
        throw new AppError(
          'forbidden',
          'The X-Twilio-Signature of this request is missing or invalid.',
        );
      }

      const parsed = receiptBody.safeParse(request.body);
      if (!parsed.success) {
        throw new AppError(
          'invalid_input',
          'The status callback needs MessageSid and a known MessageStatus.',
        );
      }
      const {
        MessageSid: providerMessageId,
        MessageStatus: status,
        ErrorCode: errorCode,
      } = parsed.data;
      const outcome = await withOrganisation(database, organisationId, (trx) =>
        recordSmsReceipt(trx, {
          organisationId,
          providerMessageId,
          status,
          errorCode: errorCode ?? null,
        }),
      );
      const log = { organisationId, providerMessageId, status, errorCode, outcome };
      if (outcome === 'unknown_message') {
        request.log.warn(log, 'SMS status callback for an unknown message');
      } else {
        request.log.info(log, 'SMS status callback processed');
      }

      return reply.code(204).send(null);
    },
  );
};
