import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { holdDebtorFromBatch, MAX_HOLD_REASON_LENGTH } from '../../debtors/debtor-hold.ts';
import { approveBatch } from '../../dunning/approve-batch.ts';
import { getBatch } from '../../dunning/get-batch.ts';
import { listBatches } from '../../dunning/list-batches.ts';
import { SEND_BATCH_JOB } from '../../jobs/start-workers.ts';
import { renderBatchLettersPdf } from '../../messaging/batch-letters-pdf.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  idParams,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { debtorHoldBody } from './debtor-hold.ts';
import { messageDelivery } from './delivery-body.ts';
import { entityIdForCode } from './entity-lookup.ts';

const messageStatus = z.enum(['pending', 'removed', 'approved', 'sending', 'sent', 'failed']);

const batchSummary = z.object({
  id: z.uuid(),
  runDate: plainDate,
  channel: z.enum(['email', 'letter', 'sms', 'fax', 'handover']),
  status: z.enum(['pending', 'approved', 'sent']),
  entityCode: z.string(),
  messages: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    removed: z.number().int(),
    approved: z.number().int(),
    sending: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
  }),
  totals: z.array(z.object({ currency: currencyCode, amount: decimalAmount })),
});

const batchDetail = z.object({
  batch: batchSummary,
  messages: z.array(
    z.object({
      id: z.uuid(),
      debtor: z.object({ id: z.uuid(), number: z.string(), name: z.string() }),
      recipient: z.string().nullable(),
      language: z.string(),
      total: decimalAmount,
      currency: currencyCode,
      status: messageStatus,
      stepName: z.string(),
      invoiceCount: z.number().int(),
      error: z.string().nullable(),
      delivery: messageDelivery,
    }),
  ),
});

const approvedBody = z.object({
  id: z.uuid(),
  status: z.enum(['pending', 'approved', 'sent']),
  queued: z
    .number()
    .int()
    .describe(
      'Messages approved by this call and handed to the sending job; 0 without a job queue',
    ),
});

const holdRequest = z.object({
  reason: z
    .string()
    .min(1)
    .max(MAX_HOLD_REASON_LENGTH)
    .describe('Why the debtor is held, such as "Pays through the administrator"'),
  until: plainDate
    .optional()
    .describe(
      "Last day of the hold, from the entity's today on; leave it out to hold until lifted",
    ),
});

const heldBody = z.object({
  debtorId: z.uuid(),
  hold: debtorHoldBody,
  removedMessageIds: z.array(z.uuid()),
  releasedInvoices: z.number().int(),
  cancelledCallTaskIds: z
    .array(z.uuid())
    .describe("The debtor's open call tasks of the entity, cancelled by the hold"),
});

/** Message batches: the list, one batch with its messages, approval, and holding a debtor. */
export const batchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/batches',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'List message batches: of one run date, or open ones and the last 30 days',
        tags: ['batches'],
        querystring: z.object({ entity: entityCodeQuery.optional(), date: plainDate.optional() }),
        response: { 200: z.array(batchSummary), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) =>
        listBatches(trx, {
          entityId: await entityIdForCode(trx, principal, request.query.entity),
          ...(request.query.date ? { date: request.query.date } : {}),
        }),
      ),
  );

  app.get(
    '/api/batches/:id',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'A message batch with its messages',
        tags: ['batches'],
        params: idParams,
        response: { 200: batchDetail, ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => getBatch(trx, { batchId: request.params.id })),
  );

  app.get(
    '/api/batches/:id/letters.pdf',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary: 'The letters of a letter batch as one PDF for printing',
        description:
          'Every letter that was not removed, in debtor number order. Each letter starts on a new odd page, for duplex printing. 409 for a batch of another channel or without letters.',
        tags: ['batches'],
        params: idParams,
        produces: ['application/pdf'],
        response: { 200: z.any().describe('PDF document'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const pdf = await withTenant(request, (trx) =>
        renderBatchLettersPdf(trx, {
          batchId: request.params.id,
          publicUrl: request.server.services.config.publicUrl,
        }),
      );

      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="letters-${request.params.id}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/batches/:id/approve',
    {
      config: { access: 'batches.approve' },
      schema: {
        summary: 'Approve the pending messages of a batch and queue them for sending',
        tags: ['batches'],
        params: idParams,
        response: { 200: approvedBody, ...errorResponses },
      },
    },
    async (request) => {
      const { jobQueue } = request.server.services;
      const batchId = request.params.id;

      return withTenant(request, async (trx, principal) => {
        const approved = await approveBatch(trx, { batchId, actor: principal.actor });
        let queued = 0;
        if (jobQueue && approved.approvedMessageIds.length > 0) {
          // Queued in the approval's transaction, so the job exists exactly when the approval
          // commits. A second job for the same batch is harmless: sending skips sent messages.
          await jobQueue.send(
            SEND_BATCH_JOB,
            { organisationId: principal.organisationId, batchId },
            { executor: trx },
          );
          queued = approved.approvedMessageIds.length;
        }

        return { id: approved.id, status: approved.status, queued };
      });
    },
  );

  app.post(
    '/api/batches/:batchId/debtors/:debtorId/hold',
    {
      config: { access: 'dunning.manage' },
      schema: {
        summary:
          "Hold a debtor from dunning: remove the debtor's pending messages from every pending batch of the entity",
        description:
          'The batch must be pending and the debtor of its entity. The removed messages give their invoices the step back, and later dunning runs skip the debtor until the hold ends or is lifted (DELETE /api/debtors/:id/hold).',
        tags: ['batches'],
        params: z.object({ batchId: z.uuid(), debtorId: z.uuid() }),
        body: holdRequest,
        response: { 200: heldBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        holdDebtorFromBatch(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          batchId: request.params.batchId,
          debtorId: request.params.debtorId,
          input: request.body,
          now: new Date(),
        }),
      ),
  );
};
