import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { addIssueNote } from '../../issues/add-issue-note.ts';
import {
  attachmentDisposition,
  checkAttachmentContent,
  cleanFileName,
  MAX_ATTACHMENT_BYTES,
} from '../../issues/attachment-content.ts';
import { closeIssue, reopenIssue } from '../../issues/close-issue.ts';
import { getIssueDetail } from '../../issues/get-issue-detail.ts';
import {
  addIssueAttachment,
  readIssueAttachment,
  removeIssueAttachment,
} from '../../issues/issue-attachments.ts';
import { listIssueAssignees, listIssueCategories } from '../../issues/list-issue-options.ts';
import { listIssues } from '../../issues/list-issues.ts';
import { registerIssue } from '../../issues/register-issue.ts';
import { updateIssue } from '../../issues/update-issue.ts';
import { entityCodeQuery, errorResponses, idParams, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';
import {
  issueAssigneesBody,
  issueAttachmentBody,
  issueCategoryBody,
  issueDetailBody,
  issueNoteBody,
  issueOutcome,
  issueSummaryBody,
} from './issue-body.ts';

/** Maximum issues in one page of the list; the `limit` parameter may lower it. */
const MAX_ISSUES = 500;

const description = z
  .string({ error: 'describe the issue; it may not be empty' })
  .trim()
  .min(1, { error: 'describe the issue; it may not be empty' })
  .max(4000, { error: 'shorten the description to at most 4000 characters' });
const resolution = z
  .string({ error: 'give the reason or the result; it may not be empty' })
  .trim()
  .min(1, { error: 'give the reason or the result; it may not be empty' })
  .max(4000, { error: 'shorten the resolution to at most 4000 characters' });
const openStatus = z.enum(['new', 'in_progress', 'waiting_for_debtor'], {
  error: (issue) =>
    issue.input === 'resolved' || issue.input === 'rejected'
      ? `${issue.input} closes the issue, which PATCH cannot do; use POST /api/issues/:id/resolve (with outcome and resolution) or POST /api/issues/:id/reject (with resolution)`
      : 'use new, in_progress or waiting_for_debtor; close an issue with POST /api/issues/:id/resolve or /reject',
});
const trueFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

const listQuery = z.object({
  entity: entityCodeQuery.optional(),
  status: z
    .enum([
      'open',
      'closed',
      'all',
      'new',
      'in_progress',
      'waiting_for_debtor',
      'resolved',
      'rejected',
    ])
    .default('open'),
  departmentId: z.uuid().optional(),
  assignee: z
    .union([z.enum(['me', 'none']), z.uuid()])
    .optional()
    .describe('"me", "none" for unassigned issues, or a user id'),
  categoryId: z.uuid().optional(),
  debtorId: z.uuid().optional(),
  overdue: trueFlag.optional().describe('"true": only open issues past their deadline'),
  escalated: trueFlag.optional().describe('"true": only escalated issues'),
  q: z
    .string()
    .max(200)
    .optional()
    .describe('Part of the description or of the debtor number or name, or the issue number'),
  limit: z.coerce.number().int().min(1).max(MAX_ISSUES).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/**
 * Error option of a request body that rejects unknown fields, so that a
 * misspelled or misplaced field fails instead of being ignored.
 */
function unknownFieldError(allowed: string) {
  return {
    error: (issue: { code?: string; keys?: readonly string[] }) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${(issue.keys ?? []).map((key) => `"${key}"`).join(', ')}; ${allowed}`
        : undefined,
  };
}

const registerBody = z.strictObject(
  {
    entity: entityCodeQuery,
    debtorId: z.uuid(),
    invoiceIds: z
      .array(z.uuid())
      .max(1000)
      .describe('The invoices concerned; an empty list registers the issue on the whole debtor'),
    categoryId: z.uuid(),
    description,
    departmentId: z.uuid().nullable().optional().describe("Default: the category's department"),
    assigneeUserId: z.uuid().nullable().optional().describe("Default: the category's assignee"),
  },
  unknownFieldError(
    'send only entity, debtorId, invoiceIds, categoryId, description, departmentId and assigneeUserId. The deadline follows from the category; change it afterwards with PATCH /api/issues/:id',
  ),
);

const patchBody = z.strictObject(
  {
    status: openStatus.optional(),
    departmentId: z.uuid().nullable().optional(),
    assigneeUserId: z.uuid().nullable().optional(),
    categoryId: z.uuid().optional().describe('A new category also recomputes the deadline'),
    description: description.optional(),
    invoiceIds: z.array(z.uuid()).max(1000).optional(),
    deadline: plainDate
      .optional()
      .describe(
        "A deadline set by hand: from the registration date up to 366 days after the entity's today",
      ),
  },
  unknownFieldError(
    'send only status, departmentId, assigneeUserId, categoryId, description, invoiceIds and deadline',
  ),
);

const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/**
 * Issues: disputes and questions of debtors, registered on invoices or on
 * the whole debtor, with their status, notes, attachments and history. A
 * caller limited to a department sees only the issues of that department
 * and those assigned to the caller. Any other issue returns 404.
 */
export const issueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/issues',
    {
      config: { access: 'issues.read' },
      schema: {
        summary: 'List issues by deadline, then number',
        tags: ['issues'],
        querystring: listQuery,
        response: {
          200: z.object({ issues: z.array(issueSummaryBody), total: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { limit, offset, entity, ...filter } = request.query;
      return withTenant(request, async (trx, principal) =>
        listIssues(trx, principal, {
          filter: { ...filter, entityId: await entityIdForCode(trx, principal, entity) },
          limit,
          offset,
          now: new Date(),
        }),
      );
    },
  );

  app.post(
    '/api/issues',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Register an issue on invoices of a debtor or on the whole debtor',
        description:
          "The deadline follows from the category's term on the entity's calendar, counted from the entity's today. Department and assignee default from the category; a caller limited to a department registers for that department only. A caller without debtors.read may register only on a debtor whose card it can see, that is one with an issue visible to it. Any other debtor returns 404 like a missing one.",
        tags: ['issues'],
        body: registerBody,
        response: { 201: issueDetailBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const now = new Date();
      const detail = await withTenant(request, async (trx, principal) => {
        const issueId = await registerIssue(trx, principal, {
          input: request.body,
          now,
          jobQueue: request.server.services.jobQueue,
        });
        return getIssueDetail(trx, principal, { issueId, now });
      });

      return reply.code(201).send(detail);
    },
  );

  app.get(
    '/api/issues/categories',
    {
      config: { access: 'issues.read' },
      schema: {
        summary: 'List the issue categories that new issues may use',
        tags: ['issues'],
        response: { 200: z.array(issueCategoryBody), ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => listIssueCategories(trx)),
  );

  app.get(
    '/api/issues/assignees',
    {
      config: { access: 'issues.read' },
      schema: {
        summary: 'List the departments and the users that issues can be assigned to',
        tags: ['issues'],
        response: { 200: issueAssigneesBody, ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => listIssueAssignees(trx)),
  );

  app.get(
    '/api/issues/:id',
    {
      config: { access: 'issues.read' },
      schema: {
        summary: 'An issue with its invoices, notes, attachments and history',
        tags: ['issues'],
        params: idParams,
        response: { 200: issueDetailBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        getIssueDetail(trx, principal, { issueId: request.params.id, now: new Date() }),
      ),
  );

  app.patch(
    '/api/issues/:id',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Change an open issue',
        description:
          'Fields left out keep their value. A resolved or rejected issue answers 409 conflict: reopen it first.',
        tags: ['issues'],
        params: idParams,
        body: patchBody,
        response: { 200: issueDetailBody, ...errorResponses },
      },
    },
    async (request) => {
      const now = new Date();
      return withTenant(request, async (trx, principal) => {
        await updateIssue(trx, principal, {
          issueId: request.params.id,
          update: request.body,
          now,
          jobQueue: request.server.services.jobQueue,
        });
        // A caller who has just handed the issue to another department may no longer see it,
        // but still gets the result of the change it was allowed to make.
        return getIssueDetail(
          trx,
          { ...principal, departmentId: null },
          { issueId: request.params.id, now },
        );
      });
    },
  );

  app.post(
    '/api/issues/:id/resolve',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Resolve an open issue with an outcome',
        tags: ['issues'],
        params: idParams,
        body: z.strictObject(
          {
            outcome: issueOutcome,
            creditNoteExpected: z.boolean().default(false),
            resolution,
          },
          unknownFieldError('send only outcome, creditNoteExpected and resolution'),
        ),
        response: { 200: issueDetailBody, ...errorResponses },
      },
    },
    async (request) => {
      const now = new Date();
      return withTenant(request, async (trx, principal) => {
        await closeIssue(trx, principal, {
          issueId: request.params.id,
          closing: { kind: 'resolved', ...request.body },
          now,
        });
        return getIssueDetail(trx, principal, { issueId: request.params.id, now });
      });
    },
  );

  app.post(
    '/api/issues/:id/reject',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Reject an open issue, with the reason as resolution',
        tags: ['issues'],
        params: idParams,
        body: z.strictObject(
          { resolution },
          unknownFieldError('send only resolution, the reason for rejecting the issue'),
        ),
        response: { 200: issueDetailBody, ...errorResponses },
      },
    },
    async (request) => {
      const now = new Date();
      return withTenant(request, async (trx, principal) => {
        await closeIssue(trx, principal, {
          issueId: request.params.id,
          closing: { kind: 'rejected', resolution: request.body.resolution },
          now,
        });
        return getIssueDetail(trx, principal, { issueId: request.params.id, now });
      });
    },
  );

  app.post(
    '/api/issues/:id/reopen',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Return a resolved or rejected issue to in progress',
        tags: ['issues'],
        params: idParams,
        body: z.strictObject({}, unknownFieldError('send an empty object')).optional(),
        response: { 200: issueDetailBody, ...errorResponses },
      },
    },
    async (request) => {
      const now = new Date();
      return withTenant(request, async (trx, principal) => {
        await reopenIssue(trx, principal, { issueId: request.params.id, now });
        return getIssueDetail(trx, principal, { issueId: request.params.id, now });
      });
    },
  );

  app.post(
    '/api/issues/:id/notes',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Add a note to an issue',
        tags: ['issues'],
        params: idParams,
        body: z.strictObject(
          {
            body: z.string().trim().min(1).max(4000),
            sharedWithDebtor: z
              .boolean()
              .default(false)
              .describe('Whether the debtor sees the note in the customer portal'),
          },
          unknownFieldError('send only body and sharedWithDebtor'),
        ),
        response: { 201: issueNoteBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const note = await withTenant(request, (trx, principal) =>
        addIssueNote(trx, principal, {
          issueId: request.params.id,
          body: request.body.body,
          sharedWithDebtor: request.body.sharedWithDebtor,
        }),
      );

      return reply.code(201).send(note);
    },
  );

  app.post(
    '/api/issues/:id/attachments',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Attach a file to an issue',
        description: `multipart/form-data with the field "file": at most ${MAX_ATTACHMENT_BYTES} bytes (10 MiB) of PDF, PNG, JPEG, GIF, WebP, plain text, CSV, e-mail (.eml), Word (.docx) or Excel (.xlsx). The first bytes must match the declared type, and the file name must end in an extension of that type. A request carries one file.`,
        tags: ['issues'],
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: issueAttachmentBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const upload = await readAttachmentUpload(request);
      const contentType = checkAttachmentContent(upload);
      const attachment = await withTenant(request, (trx, principal) =>
        addIssueAttachment(trx, principal, {
          issueId: request.params.id,
          fileName: upload.fileName,
          contentType,
          content: upload.content,
        }),
      );

      return reply.code(201).send(attachment);
    },
  );

  app.get(
    '/api/issues/:id/attachments/:attachmentId',
    {
      config: { access: 'issues.read' },
      schema: {
        summary: 'Download an attachment of an issue',
        tags: ['issues'],
        params: attachmentParams,
        // Fastify sends a Buffer as it is, without this schema's serializer.
        response: { 200: z.unknown().describe('The file as it was uploaded'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const attachment = await withTenant(request, (trx, principal) =>
        readIssueAttachment(trx, principal, {
          issueId: request.params.id,
          attachmentId: request.params.attachmentId,
        }),
      );

      return reply
        .type(attachment.contentType)
        .header('content-disposition', attachmentDisposition(attachment.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(attachment.content);
    },
  );

  app.delete(
    '/api/issues/:id/attachments/:attachmentId',
    {
      config: { access: 'issues.manage' },
      schema: {
        summary: 'Remove an attachment from an issue',
        tags: ['issues'],
        params: attachmentParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        removeIssueAttachment(trx, principal, {
          issueId: request.params.id,
          attachmentId: request.params.attachmentId,
        }),
      );

      return reply.code(204).send(null);
    },
  );
};

/**
 * Reads the one file of a multipart request, at most MAX_ATTACHMENT_BYTES,
 * and reads the request to its end, so that a second file part is rejected
 * instead of dropped unseen. Other form fields are ignored.
 */
async function readAttachmentUpload(
  request: FastifyRequest,
): Promise<{ fileName: string; declaredType: string; content: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError(
      'invalid_input',
      'Send the attachment as multipart/form-data with the file in the field "file".',
    );
  }
  // With a limit of one file, the parser raises FST_FILES_LIMIT at a second file part.
  const parts = request.parts({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } });
  let upload: { fileName: string; declaredType: string; content: Buffer } | undefined;
  try {
    for await (const part of parts) {
      if (part.type !== 'file') {
        continue;
      }
      if (part.fieldname !== 'file') {
        throw new AppError('invalid_input', 'file: attach the file as the multipart field "file".');
      }
      const fileName = cleanFileName(part.filename);
      upload = {
        fileName,
        declaredType: part.mimetype,
        content: await readFilePart(part, fileName),
      };
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'FST_FILES_LIMIT') {
      const first = upload === undefined ? '' : ` (the first is ${upload.fileName})`;
      throw new AppError(
        'invalid_input',
        `file: the request contains more than one file${first}; attach one file per request.`,
      );
    }
    throw error;
  }
  if (!upload) {
    throw new AppError('invalid_input', 'file: attach the file as the multipart field "file".');
  }

  return upload;
}

async function readFilePart(part: MultipartFile, fileName: string): Promise<Buffer> {
  try {
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'invalid_input',
        `file: ${fileName} is larger than 10 MiB (${MAX_ATTACHMENT_BYTES} bytes); attach a smaller file, such as a compressed PDF or a part of the document.`,
      );
    }
    throw error;
  }
}
