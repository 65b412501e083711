import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import {
  listDebtorInvoiceDocuments,
  MAX_INVOICE_DOCUMENT_BYTES,
  readInvoiceDocument,
  removeInvoiceDocument,
  saveInvoiceDocument,
} from '../../invoices/invoice-documents.ts';
import { attachmentDisposition } from '../../issues/attachment-content.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const documentBody = z.object({
  invoiceId: z.string(),
  fileName: z.string(),
  byteSize: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: z.string().describe('ISO 8601'),
});

/** A raw PDF body, with the file name from the optional ?fileName= query. */
const uploadQuery = z.object({
  fileName: z
    .string()
    .max(1000)
    .optional()
    .describe('File name of a raw application/pdf upload; default invoice-NUMBER.pdf'),
});

/**
 * The stored copy (PDF) of an invoice: upload, download and removal, and
 * the list of a debtor's invoices that have one. E-mails of steps with
 * attach_invoice_copies carry these copies.
 */
export const invoiceDocumentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(
    'application/pdf',
    { parseAs: 'buffer', bodyLimit: MAX_INVOICE_DOCUMENT_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.put(
    '/api/invoices/:id/document',
    {
      config: { access: 'debtors.manage' },
      bodyLimit: MAX_INVOICE_DOCUMENT_BYTES,
      schema: {
        summary: "Store the invoice's copy as a PDF, replacing an earlier one",
        description: `Send the PDF as the body with Content-Type application/pdf (the name in ?fileName=), or as multipart/form-data in the field "file". At most ${MAX_INVOICE_DOCUMENT_BYTES} bytes (10 MiB); the content must start with %PDF-. The file name is cleaned and ends in .pdf.`,
        tags: ['invoices'],
        consumes: ['application/pdf', 'multipart/form-data'],
        params: idParams,
        querystring: uploadQuery,
        response: { 200: documentBody, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await readUpload(request, request.query.fileName);

      return withTenant(request, (trx, principal) =>
        saveInvoiceDocument(trx, auditContextOf(principal), {
          invoiceId: request.params.id,
          ...upload,
        }),
      );
    },
  );

  app.get(
    '/api/invoices/:id/document',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "Download the invoice's stored copy",
        tags: ['invoices'],
        params: idParams,
        produces: ['application/pdf'],
        // Fastify sends a Buffer as it is, without this schema's serializer.
        response: { 200: z.unknown().describe('The PDF as it was uploaded'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const document = await withTenant(request, (trx) =>
        readInvoiceDocument(trx, { invoiceId: request.params.id }),
      );

      return reply
        .type('application/pdf')
        .header('content-disposition', attachmentDisposition(document.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(document.content);
    },
  );

  app.delete(
    '/api/invoices/:id/document',
    {
      config: { access: 'debtors.manage' },
      schema: {
        summary: "Remove the invoice's stored copy",
        tags: ['invoices'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        removeInvoiceDocument(trx, auditContextOf(principal), { invoiceId: request.params.id }),
      );

      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/debtors/:id/invoice-documents',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: "The stored copies of the debtor's invoices, without their content",
        tags: ['invoices'],
        params: idParams,
        response: { 200: z.array(documentBody), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx) =>
        listDebtorInvoiceDocuments(trx, { debtorId: request.params.id }),
      ),
  );
};

/**
 * Reads the uploaded PDF: the raw body of an application/pdf request, or
 * the field "file" of a multipart request (at most 10 MiB, one file).
 */
async function readUpload(
  request: FastifyRequest,
  queryFileName: string | undefined,
): Promise<{ fileName: string | undefined; content: Buffer }> {
  if (Buffer.isBuffer(request.body)) {
    return { fileName: queryFileName, content: request.body };
  }
  if (!request.isMultipart()) {
    throw new AppError(
      'invalid_input',
      'file: send the PDF as the body with Content-Type application/pdf, or as multipart/form-data in the field "file".',
      { field: 'file' },
    );
  }
  const part = await request.file({
    limits: { fileSize: MAX_INVOICE_DOCUMENT_BYTES, files: 1 },
  });
  if (!part || part.fieldname !== 'file') {
    throw new AppError('invalid_input', 'file: attach the PDF as the multipart field "file".', {
      field: 'file',
    });
  }
  const content = await part.toBuffer().catch((error: unknown) => {
    if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'payload_too_large',
        `file: the file is larger than the maximum of ${MAX_INVOICE_DOCUMENT_BYTES} bytes (10 MiB).`,
        { field: 'file' },
      );
    }
    throw error;
  });

  return { fileName: part.filename, content };
}
