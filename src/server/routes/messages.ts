import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { explanationBody, getMessageExplanation } from '../../dunning/get-message-explanation.ts';
import { removeMessage } from '../../dunning/remove-message.ts';
import { renderLetterPdf } from '../../messaging/render-letter-pdf.ts';
import { inlineImagesForPreview, renderMessage } from '../../messaging/render-message.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const previewBody = z.object({
  channel: z.enum(['email', 'letter', 'sms', 'fax', 'handover']),
  subject: z.string(),
  html: z
    .string()
    .describe(
      "The e-mail's html part with its inline images (the QR code) as data: URLs; for letters a summary of the letter",
    ),
  text: z.string(),
  recipient: z.string().nullable(),
  pdfUrl: z.string().describe('Address of the printable letter (for e-mails, its letter copy)'),
});

/** Message routes: the preview, the explanation, the letter PDF, and removal from the batch. */
export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/messages/:id/preview',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'Render a message as it will be sent',
        tags: ['messages'],
        params: idParams,
        response: { 200: previewBody, ...errorResponses },
      },
    },
    async (request) => {
      const rendered = await withTenant(request, (trx) =>
        renderMessage(trx, {
          messageId: request.params.id,
          publicUrl: request.server.services.config.publicUrl,
        }),
      );

      return {
        channel: rendered.channel,
        subject: rendered.subject,
        html: inlineImagesForPreview(rendered),
        text: rendered.text,
        recipient: rendered.recipient,
        pdfUrl: `/api/messages/${request.params.id}/pdf`,
      };
    },
  );

  app.get(
    '/api/messages/:id/explanation',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'Why the dunning run made a message: segment, profile, step and amounts',
        tags: ['messages'],
        params: idParams,
        response: { 200: explanationBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx) => getMessageExplanation(trx, { messageId: request.params.id })),
  );

  app.get(
    '/api/messages/:id/pdf',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'The message as an A4 letter PDF',
        tags: ['messages'],
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('PDF document'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await withTenant(request, (trx) =>
        renderLetterPdf(trx, {
          messageId: request.params.id,
          publicUrl: request.server.services.config.publicUrl,
        }),
      );

      // Fastify sends a Buffer as it is, without the JSON serializer.
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="message-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/messages/:id/remove',
    {
      config: { access: 'dunning.manage' },
      schema: {
        summary: 'Remove a pending message from its batch, so it is not sent',
        tags: ['messages'],
        params: idParams,
        response: {
          200: z.object({ id: z.uuid(), status: z.literal('removed') }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const removed = await withTenant(request, (trx, principal) =>
        removeMessage(trx, { messageId: request.params.id, actor: principal.actor }),
      );

      return { id: removed.id, status: removed.status };
    },
  );
};
