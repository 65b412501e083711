import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { previewTemplate } from '../../messaging/preview-template.ts';
import { entityCodeQuery, errorResponses } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

/** Maximum length of each template part that the preview accepts, in characters. */
const MAX_SOURCE_LENGTH = 50_000;

const sourcePart = z.string().max(MAX_SOURCE_LENGTH).optional();

const previewRequest = z
  .object({
    entity: entityCodeQuery,
    debtorId: z.uuid(),
    stepId: z.uuid().optional().describe('A profile step; its template key is used'),
    templateKey: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/)
      .optional()
      .describe('A template key such as reminder-1, when no stepId is given'),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .describe('Language to write in; without templates in it, the entity language, then English'),
    channel: z.enum(['email', 'sms', 'letter']),
    source: z
      .object({ subject: sourcePart, html: sourcePart, text: sourcePart, sms: sourcePart })
      .optional()
      .describe('Liquid template texts to try instead of the stored parts'),
  })
  .refine((body) => body.stepId !== undefined || body.templateKey !== undefined, {
    message: 'The request has neither stepId nor templateKey; give one of them.',
  });

const emailPreview = z.object({
  channel: z.literal('email'),
  language: z.string(),
  subject: z.string(),
  html: z.string().describe('The html part, with the QR code inlined as a data URL'),
  text: z.string(),
});

const smsPreview = z.object({
  channel: z.literal('sms'),
  language: z.string(),
  text: z.string(),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  characters: z.number().int(),
  segments: z.number().int().describe('SMS messages the text is sent as'),
});

/** POST /api/templates/preview: a step's template rendered for one debtor, without writing a message. */
export const templateRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/templates/preview',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary:
          'Render a template for a debtor as it would go out today: e-mail and SMS as JSON, a letter as PDF',
        description:
          "The debtor's open invoices on the entity's today are used. The payment reference is an example, because each message gets its own when a dunning run writes it.",
        tags: ['templates'],
        body: previewRequest,
        response: {
          200: z
            .union([emailPreview, smsPreview, z.any()])
            .describe('E-mail or SMS preview as JSON; for a letter, the PDF (application/pdf)'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const { publicUrl } = request.server.services.config;
      const preview = await withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: body.entity,
        });
        return previewTemplate(trx, {
          entityId: entity.id,
          debtorId: body.debtorId,
          stepId: body.stepId,
          templateKey: body.templateKey,
          language: body.language,
          channel: body.channel,
          source: body.source,
          asOf: todayForEntity(entity, new Date()),
          publicUrl,
        });
      });

      if (preview.channel === 'letter') {
        // Fastify sends a Buffer as it is, without the JSON serializer.
        return reply
          .type('application/pdf')
          .header('content-language', preview.language)
          .header('content-disposition', 'inline; filename="preview.pdf"')
          .send(preview.pdf);
      }
      if (preview.channel === 'sms') {
        const { measurement } = preview;
        return {
          channel: preview.channel,
          language: preview.language,
          text: preview.text,
          encoding: measurement.encoding,
          characters: measurement.characters,
          segments: measurement.segments,
        };
      }

      return preview;
    },
  );
};
