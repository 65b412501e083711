import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateInTimeZone } from '../../dates/plain-date.ts';
import { addEntity } from '../../entities/add-entity.ts';
import { toEntityView } from '../../entities/entity-view.ts';
import {
  listEntityBankAccounts,
  MAX_BANK_ACCOUNTS,
  setEntityBankAccounts,
} from '../../entities/entity-bank-accounts.ts';
import { findEntity, listEntities } from '../../entities/find-entity.ts';
import { listEntityHolidays } from '../../entities/list-entity-holidays.ts';
import { readEntityLogo } from '../../entities/read-entity-logo.ts';
import { removeEntityLogo } from '../../entities/remove-entity-logo.ts';
import { MAX_CLOSING_DAYS, setEntityHolidays } from '../../entities/set-entity-holidays.ts';
import {
  ALLOCATION_ORDERS,
  PAYMENT_REFERENCE_SCHEMES,
} from '../../entities/payment-setting-rules.ts';
import { MAX_LOGO_BYTES, setEntityLogo } from '../../entities/set-entity-logo.ts';
import { updateEntity } from '../../entities/update-entity.ts';
import { AppError } from '../../errors.ts';
import { errorResponses, idParams, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

/**
 * Largest logo upload the server reads: beyond 512 KiB the logo is rejected
 * with its size, and beyond this it is not read at all.
 */
const MAX_LOGO_UPLOAD_BYTES = 4 * 1024 * 1024;

const entityBody = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  currency: z.string().describe('ISO 4217 currency code'),
  country: z.string().describe('ISO 3166-1 alpha-2 country code'),
  language: z.string().describe('The default language: the first of languages'),
  languages: z.array(z.string()),
  timeZone: z.string().describe('IANA time zone, such as Europe/Amsterdam'),
  iban: z.string().nullable(),
  bic: z.string().nullable(),
  addressLine: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  cocNumber: z.string().nullable().describe('Chamber of commerce number'),
  vatNumber: z.string().nullable(),
  senderEmail: z.string().nullable().describe('From address of e-mail reminders'),
  senderName: z.string().nullable().describe('From name of e-mail reminders'),
  portalUrl: z.string().nullable().describe('Customer portal address shown to debtors'),
  workingDays: z.array(z.number().int()).describe('ISO weekdays for sending: 1 Monday, 7 Sunday'),
  holidayCalendar: z.string().nullable().describe('Built-in public holidays: NL, BE, DE, GB or FR'),
  shiftDueDatesToWorkingDay: z
    .boolean()
    .describe('Count days past due from the next sending day when a due date is none'),
  maxContactsPerWeek: z
    .number()
    .int()
    .nullable()
    .describe('Most messages and call tasks per debtor in 7 days, across entities; null: no limit'),
  sendingWindowStart: z
    .string()
    .nullable()
    .describe(
      "HH:MM in the entity's time zone from which e-mails and SMS are sent; null: any hour",
    ),
  sendingWindowEnd: z
    .string()
    .nullable()
    .describe("HH:MM in the entity's time zone until which e-mails and SMS are sent"),
  hasLogo: z.boolean(),
  paymentReferenceScheme: z
    .enum(PAYMENT_REFERENCE_SCHEMES)
    .describe('rf: ISO 11649 creditor references; nl: Dutch payment references'),
  allocationOrder: z
    .enum(ALLOCATION_ORDERS)
    .describe("How a payment settles an invoice's costs, interest and principal"),
  creditorDeductsVat: z
    .boolean()
    .describe(
      'False for a creditor that cannot deduct VAT: only then do collection costs carry VAT',
    ),
  vatRateBasisPoints: z.number().int().describe('VAT rate on collection costs; 2100 is 21%'),
  letterDeliveryWorkingDays: z
    .number()
    .int()
    .describe('Working days after posting on which a letter counts as delivered'),
  arrangementGraceDays: z
    .number()
    .int()
    .describe(
      "Days after an instalment's due date before an unpaid instalment breaks its arrangement",
    ),
  paymentLinkExpiryDays: z
    .number()
    .int()
    .describe('Days that a payment link made on the customer card works after the day it is made'),
  messagePaymentLinkExpiryDays: z
    .number()
    .int()
    .nullable()
    .describe(
      "Days that a dunning message's payment link works after the day the message is made; null: while its invoices are open",
    ),
});

const optionalText = z.string().max(1000).nullable().optional();

const bankAccountsBody = z.object({
  bankAccounts: z.array(z.string()).describe('IBANs in electronic form, sorted'),
});

/** Settings fields of create and update; the domain validation checks their content. */
const settingsFields = {
  name: z.string().max(1000),
  currency: z.string().max(10),
  country: z.string().max(10),
  languages: z.array(z.string().max(10)).max(10).describe('Languages; the first is the default'),
  timeZone: z.string().max(100),
  iban: optionalText,
  bic: optionalText,
  addressLine: optionalText,
  postalCode: optionalText,
  city: optionalText,
  cocNumber: optionalText,
  vatNumber: optionalText,
  senderEmail: optionalText,
  senderName: optionalText,
  portalUrl: optionalText,
  workingDays: z.array(z.number()).max(7).describe('ISO weekdays: 1 Monday ... 7 Sunday'),
  holidayCalendar: z.string().max(10).nullable().optional(),
  shiftDueDatesToWorkingDay: z.boolean().optional(),
  maxContactsPerWeek: z.number().nullable().optional().describe('1 to 50; null for no limit'),
  sendingWindowStart: z.string().max(10).nullable().optional().describe('HH:MM, such as 08:00'),
  sendingWindowEnd: z.string().max(10).nullable().optional().describe('HH:MM, such as 18:00'),
  paymentReferenceScheme: z.string().max(10).optional().describe('rf or nl'),
  allocationOrder: z
    .string()
    .max(50)
    .optional()
    .describe('costs_interest_principal or principal_interest_costs'),
  creditorDeductsVat: z.boolean().optional(),
  vatRateBasisPoints: z.number().optional().describe('0 to 10000; 2100 is 21%'),
  letterDeliveryWorkingDays: z.number().optional().describe('0 to 10'),
  arrangementGraceDays: z.number().optional().describe('0 to 60'),
  paymentLinkExpiryDays: z.number().optional().describe('1 to 365; 30 by default'),
  messagePaymentLinkExpiryDays: z
    .number()
    .nullable()
    .optional()
    .describe('1 to 365; null (the default): while its invoices are open'),
};

const createBody = z.strictObject({
  ...settingsFields,
  code: z.string().max(100).describe('Short unique code, such as NL01; cannot change later'),
  languages: settingsFields.languages.optional(),
  timeZone: settingsFields.timeZone.optional(),
  workingDays: settingsFields.workingDays.optional(),
});

const updateBody = z.strictObject({
  ...z.object(settingsFields).partial().shape,
  code: z.string().max(100).optional().describe('Accepted only when equal to the current code'),
});

const holidayBody = z.object({
  date: plainDate,
  name: z.string(),
  key: z.string().nullable().describe('Key of a public holiday, for translation'),
  source: z.enum(['calendar', 'entity']),
});

const closingDay = z.object({ date: z.string().max(20), name: z.string().max(1000) });

const logoResult = z.object({
  contentType: z.enum(['image/png', 'image/jpeg']),
  bytes: z.number().int(),
});

/** The entities of the organisation: settings, logo and days without sending. */
export const entityRoutes: FastifyPluginAsyncZod = async (app) => {
  // A logo may also be sent as the raw body. Other image types are read too, so that the
  // logo check names the file type instead of the server rejecting the media type.
  app.addContentTypeParser(
    /^(image\/[\w.+-]+|application\/octet-stream)$/,
    { parseAs: 'buffer', bodyLimit: MAX_LOGO_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/entities',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'List the entities the caller may work on, by code',
        tags: ['entities'],
        response: { 200: z.array(entityBody), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await withTenant(request, (trx, principal) =>
        listEntities(trx, { organisationId: principal.organisationId }),
      );

      return rows.map(toEntityView);
    },
  );

  app.get(
    '/api/entities/:id',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "An entity's settings",
        tags: ['entities'],
        params: idParams,
        response: { 200: entityBody, ...errorResponses },
      },
    },
    async (request) => {
      const row = await withTenant(request, (trx, principal) =>
        findEntity(trx, { organisationId: principal.organisationId, entityId: request.params.id }),
      );

      return toEntityView(row);
    },
  );

  app.post(
    '/api/entities',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Add an entity',
        description:
          'Languages and time zone default from the country where that is unambiguous, else English and UTC; the holiday calendar defaults to the country where one is built in; working days to Monday to Friday. Every invalid field is listed in error.details.fields.',
        tags: ['entities'],
        body: createBody,
        response: { 201: entityBody, ...errorResponses },
      },
    },
    async (request, reply) => {
      const entity = await withTenant(request, (trx, principal) => {
        if (principal.entityIds !== null) {
          throw new AppError(
            'forbidden',
            'You are limited to some entities, so you cannot add one. Ask an administrator who works on all entities.',
          );
        }
        return addEntity(trx, {
          organisationId: principal.organisationId,
          actor: principal.actor,
          input: request.body,
        });
      });

      return reply.code(201).send(toEntityView(entity));
    },
  );

  app.patch(
    '/api/entities/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Change an entity's settings",
        description:
          'Only the fields sent change; null or "" clears an optional field. The code cannot change. Every invalid field is listed in error.details.fields.',
        tags: ['entities'],
        params: idParams,
        body: updateBody,
        response: { 200: entityBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        updateEntity(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
          actor: principal.actor,
          input: request.body,
        }),
      ),
  );

  app.get(
    '/api/entities/:id/bank-accounts',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "The entity's further bank accounts besides its main IBAN",
        tags: ['entities'],
        params: idParams,
        response: { 200: bankAccountsBody, ...errorResponses },
      },
    },
    async (request) => {
      const ibans = await withTenant(request, (trx, principal) =>
        listEntityBankAccounts(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
        }),
      );

      return { bankAccounts: ibans };
    },
  );

  app.put(
    '/api/entities/:id/bank-accounts',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Replace the entity's further bank accounts",
        description:
          'Each IBAN is checked and stored in electronic form (upper case, no spaces). The main IBAN of the entity and repeated IBANs are rejected. Every invalid IBAN is listed in error.details.fields.',
        tags: ['entities'],
        params: idParams,
        body: z.strictObject({
          bankAccounts: z.array(z.string().max(100)).max(MAX_BANK_ACCOUNTS),
        }),
        response: { 200: bankAccountsBody, ...errorResponses },
      },
    },
    async (request) => {
      const ibans = await withTenant(request, (trx, principal) =>
        setEntityBankAccounts(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
          actor: principal.actor,
          ibans: request.body.bankAccounts,
        }),
      );

      return { bankAccounts: ibans };
    },
  );

  app.put(
    '/api/entities/:id/logo',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Upload the entity's logo",
        description:
          'A PNG or JPEG of at most 512 KiB, as the one file of a multipart/form-data body or as a raw image/png or image/jpeg body. Replaces an earlier logo.',
        tags: ['entities'],
        params: idParams,
        response: { 200: logoResult, ...errorResponses },
      },
    },
    async (request) => {
      const upload = await readLogoUpload(request);

      return withTenant(request, (trx, principal) =>
        setEntityLogo(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
          actor: principal.actor,
          content: upload.content,
          fileName: upload.fileName,
        }),
      );
    },
  );

  app.get(
    '/api/entities/:id/logo',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: "The entity's logo image",
        tags: ['entities'],
        params: idParams,
        // Fastify sends a Buffer as it is, without this schema's serializer.
        response: { 200: z.unknown().describe('The PNG or JPEG bytes'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const logo = await withTenant(request, (trx, principal) =>
        readEntityLogo(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
        }),
      );

      return reply
        .type(logo.contentType)
        .header('cache-control', 'private, no-cache')
        .send(logo.content);
    },
  );

  app.delete(
    '/api/entities/:id/logo',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Remove the entity's logo",
        tags: ['entities'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await withTenant(request, (trx, principal) =>
        removeEntityLogo(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
          actor: principal.actor,
        }),
      );

      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/entities/:id/holidays',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'Public holidays and own closing days of the entity in one year',
        tags: ['entities'],
        params: idParams,
        querystring: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2199)
            .optional()
            .describe("Default: the current year in the entity's time zone"),
        }),
        response: { 200: z.array(holidayBody), ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const params = { organisationId: principal.organisationId, entityId: request.params.id };
        let year = request.query.year;
        if (year === undefined) {
          const entity = await findEntity(trx, params);
          year = Number(dateInTimeZone(new Date(), entity.time_zone).slice(0, 4));
        }

        return listEntityHolidays(trx, { ...params, year });
      }),
  );

  app.put(
    '/api/entities/:id/holidays',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Replace the entity's own closing days",
        description:
          'Replaces all closing days, or with "year" only those of that year. Public holidays come from the holiday calendar and are not stored.',
        tags: ['entities'],
        params: idParams,
        body: z.strictObject({
          year: z.number().int().min(2000).max(2199).optional(),
          holidays: z.array(closingDay).max(MAX_CLOSING_DAYS),
        }),
        response: {
          200: z.array(z.object({ date: z.string(), name: z.string() })),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      withTenant(request, (trx, principal) =>
        setEntityHolidays(trx, {
          organisationId: principal.organisationId,
          entityId: request.params.id,
          actor: principal.actor,
          holidays: request.body.holidays,
          year: request.body.year,
        }),
      ),
  );
};

/** Reads the logo from a multipart body (its one file) or from a raw image body. */
async function readLogoUpload(
  request: FastifyRequest,
): Promise<{ content: Buffer; fileName: string | undefined }> {
  if (request.isMultipart()) {
    const file = await request.file({ limits: { fileSize: MAX_LOGO_UPLOAD_BYTES } });
    if (!file) {
      throw new AppError(
        'invalid_input',
        'The multipart body has no file. Send the logo as a file field, such as -F logo=@logo.png.',
      );
    }
    try {
      return { content: await file.toBuffer(), fileName: file.filename };
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError(
          'invalid_input',
          `Logo ${file.filename} is larger than ${MAX_LOGO_UPLOAD_BYTES} bytes; at most ${MAX_LOGO_BYTES} (512 KiB) allowed. Scale it down or export it with stronger compression.`,
        );
      }
      throw error;
    }
  }
  if (Buffer.isBuffer(request.body)) {
    return { content: request.body, fileName: undefined };
  }

  throw new AppError(
    'invalid_input',
    'Send the logo as multipart/form-data with one file, or as the body with Content-Type image/png or image/jpeg.',
  );
}
