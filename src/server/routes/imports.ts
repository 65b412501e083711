import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refreshStatistics } from '../../db/refresh-statistics.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import { mappingPresets } from '../../import/mapping-presets.ts';
import { previewImport } from '../../provisioning/import-preview.ts';
import { findSavedMapping } from '../../provisioning/provisioning-state.ts';
import { runWizardImport } from '../../provisioning/run-wizard-import.ts';
import { entityCodeQuery, errorResponses } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';

const presetName = z.string().refine((name) => Object.hasOwn(mappingPresets, name), {
  message: `use one of the presets ${Object.keys(mappingPresets).join(', ')}`,
});

const previewFields = z.object({
  entity: entityCodeQuery,
  preset: presetName.optional(),
});

const importFields = z.object({
  entity: entityCodeQuery,
  mapping: z
    .string()
    .min(2)
    .describe('A mapping in the layout of a mapping file: {"columns": {"Header": "field"}}'),
  full: z.enum(['true', 'false']).default('false'),
  skipInvalid: z.enum(['true', 'false']).default('false'),
});

const previewResponse = z.object({
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  delimiter: z.string().nullable(),
  decimalSeparator: z.enum(['.', ',']).nullable(),
  dateFormat: z.string().nullable(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  suggestedMapping: z.record(z.string(), z.string()).describe('Field name to column header'),
  mappingSource: z.enum(['saved', 'preset', 'headers']),
  fields: z.array(z.object({ name: z.string(), required: z.boolean(), description: z.string() })),
  warnings: z.array(z.string()),
});

const rejectedRow = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});

const importResponse = z.object({
  debtors: z.object({ new: z.number(), changed: z.number(), unchanged: z.number() }),
  invoices: z.object({
    new: z.number(),
    changed: z.number(),
    unchanged: z.number(),
    closed: z.number(),
  }),
  payments: z.object({ new: z.number() }),
  rejected: z.array(rejectedRow),
  dateFormat: z.string(),
  segments: z.object({ changed: z.number().int() }),
});

/**
 * The wizard's import: a preview of an uploaded file with a suggested
 * column mapping, and the import itself with the mapping the user chose,
 * which is saved for the entity's next import.
 */
export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/imports/preview',
    {
      config: { access: 'imports.manage' },
      schema: {
        summary: 'Read an uploaded CSV or XLSX file and suggest a column mapping',
        description:
          'multipart/form-data with the fields entity (entity code), preset (optional: a mapping preset) and file.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        response: { 200: previewResponse, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await readUpload(request);
      const fields = parseFields(previewFields, upload.fields);
      const savedMapping = await withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: fields.entity,
        });
        return findSavedMapping(trx, {
          organisationId: principal.organisationId,
          entityId: entity.id,
        });
      });

      return previewImport({
        fileName: upload.file.fileName,
        content: upload.file.content,
        preset: fields.preset,
        savedMapping,
      });
    },
  );

  app.post(
    '/api/imports',
    {
      config: { access: 'imports.manage' },
      schema: {
        summary: 'Import an entity’s receivables with a column mapping, all or nothing',
        description:
          'multipart/form-data with the fields entity, mapping (JSON in the layout of a mapping file, see docs/import.md), full ("true" closes open invoices the file does not list), skipInvalid ("true" imports the valid rows and reports the invalid ones) and file. Without skipInvalid, invalid rows give 422 import_rejected with details.rejected: [{file, row, column, field, value, reason}], and nothing is written.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        response: { 200: importResponse, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await readUpload(request);
      const fields = parseFields(importFields, upload.fields);
      const mappingJson = parseMappingJson(fields.mapping);
      const result = await withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: fields.entity,
        });
        return runWizardImport(trx, {
          organisationId: principal.organisationId,
          entityId: entity.id,
          actor: principal.actor,
          fileName: upload.file.fileName,
          content: upload.file.content,
          mappingJson,
          full: fields.full === 'true',
          skipInvalid: fields.skipInvalid === 'true',
        });
      });
      await refreshStatistics(request.server.services.database);
      request.log.info(
        { organisationId: requirePrincipal(request).organisationId, entity: fields.entity },
        'wizard import completed',
      );

      return result;
    },
  );
};

interface Upload {
  file: { fileName: string; content: Buffer };
  fields: Record<string, string>;
}

/** Reads a multipart request: its one file and its text fields. */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new AppError(
      'invalid_input',
      'Send the file as multipart/form-data with the fields entity and file.',
    );
  }
  let file: Upload['file'] | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      file = { fileName: part.filename || 'upload', content: await part.toBuffer() };
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  if (!file || file.content.length === 0) {
    throw new AppError('invalid_input', 'file: attach the CSV or XLSX file as the field "file".');
  }

  return { file, fields };
}

function parseFields<T extends z.ZodType>(schema: T, fields: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || 'form'}: ${issue.message}`,
    );
    throw new AppError('invalid_input', `Invalid form fields: ${problems.join('; ')}.`, {
      problems,
    });
  }

  return parsed.data;
}

function parseMappingJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'invalid_input',
      `mapping: not valid JSON (${reason}); send {"columns": {"Header": "field", ...}}.`,
    );
  }
}
