import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { copyProfile, createEmptyProfile } from '../../profiles/create-profile.ts';
import { deleteProfile } from '../../profiles/delete-profile.ts';
import { PROFILE_PRESET_KEYS, PROFILE_PRESETS } from '../../profiles/profile-presets.ts';
import {
  createProfileFromPreset,
  listProfiles,
  type ProfileView,
} from '../../profiles/profiles.ts';
import { formatStepCharges } from '../../profiles/step-charge-input.ts';
import { formatMinimumAmount } from '../../profiles/step-input.ts';
import { listStepTemplates, STEP_CHANNELS } from '../../profiles/step-templates.ts';
import { updateProfile } from '../../profiles/update-profile.ts';
import { errorResponses, idParams } from '../schemas.ts';
import { requirePrincipal, withTenant } from '../tenant-scope.ts';
import { requireEveryEntity } from '../../users/check-caller-reach.ts';

const channel = z.enum(STEP_CHANNELS);

const stepConditions = z.object({
  debtorKind: z.enum(['b2b', 'b2c']).optional().describe('Only for debtors of this kind'),
  languages: z
    .array(z.string().regex(/^[a-zA-Z]{2}$/, 'use a two-letter language code such as nl'))
    .max(20)
    .optional()
    .describe('Only for debtors with one of these languages; empty or absent for every language'),
});

const presetResponse = z.object({
  key: z.enum(PROFILE_PRESET_KEYS),
  name: z.string(),
  description: z.string(),
  steps: z.array(
    z.object({
      name: z.string(),
      dayOffset: z.number().int().describe('Days from the due date; negative before it'),
      channel,
      templateKey: z.string(),
      minDaysSincePrevious: z.number().int(),
      conditions: stepConditions,
    }),
  ),
});

const stepFields = {
  name: z.string().trim().min(1).max(100),
  dayOffset: z
    .number()
    .int()
    .min(-365, 'use a day from -365 to 3650')
    .max(3650, 'use a day from -365 to 3650')
    .describe('Days from the due date; negative before it'),
  channel,
  templateKey: z
    .string()
    .min(1)
    .max(64)
    .describe('A template of GET /api/profile-templates for the channel'),
  minDaysSincePrevious: z
    .number()
    .int()
    .min(0, 'use 0 to 365 days')
    .max(365, 'use 0 to 365 days')
    .describe("Days that must have passed since the invoice's previous step"),
  conditions: stepConditions,
  scope: z
    .enum(['debtor', 'invoice'])
    .describe(
      'debtor: one message listing all invoices at the step; invoice: one message per invoice',
    ),
  addsCollectionCosts: z.boolean(),
  addsInterest: z.boolean(),
  attachInvoiceCopies: z.boolean().describe('E-mail steps only: attach the stored invoice copies'),
  attachLetter: z.boolean().describe('E-mail steps only: attach the message as a PDF letter'),
  interestBasis: z
    .enum(['statutory', 'contractual'])
    .describe(
      "statutory: the statutory rate table for the debtor's kind; contractual: contractualInterestPercent a year",
    ),
  isFourteenDayLetter: z
    .boolean()
    .describe(
      'The Dutch consumer letter that announces collection costs with a 14-day term; consumers are charged costs only after it',
    ),
};

const profileResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  stricterProfileId: z.uuid().nullable(),
  brokenPromisesThreshold: z.number().int().nullable(),
  steps: z.array(
    z.object({
      id: z.uuid(),
      ...stepFields,
      minimumAmount: z.string().describe('Decimal amount, such as "25.00"'),
      minimumAmountMinor: z.number().int().describe('The minimum amount in minor units'),
      feeFixed: z.string().describe('Decimal amount, such as "15.00"'),
      feeFixedMinor: z.number().int().describe('The fixed fee per invoice in minor units'),
      feePercent: z.string().describe('Percentage with two decimals, such as "2.50"'),
      feeBasisPoints: z.number().int().describe('The fee percentage in hundredths of a percent'),
      contractualInterestPercent: z
        .string()
        .nullable()
        .describe('Yearly percentage with two decimals; null with the statutory basis'),
      contractualInterestBasisPoints: z.number().int().nullable(),
    }),
  ),
  segments: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

const createBody = z
  .object({
    preset: z.enum(PROFILE_PRESET_KEYS).optional().describe('Create with the steps of this preset'),
    copyOf: z.uuid().optional().describe('Create as a copy of this profile'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe("Required without preset; default with a preset: the preset's name"),
  })
  .describe('{preset, name?} from a preset, {name, copyOf} as a copy, or {name} without steps');

const stepInput = z.object({
  id: z.uuid().optional().describe('A step of this profile to update; absent for a new step'),
  ...stepFields,
  minimumAmount: z
    .string()
    .max(20)
    .default('0')
    .describe('Decimal amount, such as "25.00": the open total below which the step is skipped'),
  minDaysSincePrevious: stepFields.minDaysSincePrevious.default(0),
  conditions: stepConditions.default({}),
  scope: stepFields.scope.default('debtor'),
  addsCollectionCosts: z.boolean().default(false),
  addsInterest: z.boolean().default(false),
  attachInvoiceCopies: z.boolean().default(false),
  attachLetter: z.boolean().default(false),
  feeFixed: z
    .string()
    .max(20)
    .default('0')
    .describe('Decimal amount, such as "15.00": a fixed fee per invoice, in its currency'),
  feePercent: z
    .string()
    .max(10)
    .default('0')
    .describe(
      "Percentage from 0 to 100 with up to two decimals: a fee on the invoice's open principal",
    ),
  interestBasis: stepFields.interestBasis.default('statutory'),
  contractualInterestPercent: z
    .string()
    .max(10)
    .nullable()
    .default(null)
    .describe(
      'Yearly percentage from 0 to 100 with up to two decimals; required with the contractual basis, ignored with the statutory one',
    ),
  isFourteenDayLetter: z.boolean().default(false),
});

const updateBody = z.object({
  name: z.string().trim().min(1).max(100),
  stricterProfileId: z
    .uuid()
    .nullable()
    .describe('Profile for debtors with at least brokenPromisesThreshold broken promises'),
  brokenPromisesThreshold: z
    .number()
    .int()
    .min(1, 'use 1 to 50 broken promises')
    .max(50, 'use 1 to 50 broken promises')
    .nullable()
    .describe('Broken promises to pay in the last 12 months; null with stricterProfileId null'),
  steps: z.array(stepInput).max(50),
});

const templatesResponse = z.array(z.object({ channel, templateKeys: z.array(z.string()) }));

/** Converts a profile to the response form, with the amounts and percentages as decimal text. */
function toResponse(profile: ProfileView) {
  return {
    ...profile,
    steps: profile.steps.map((step) => ({
      ...step,
      minimumAmount: formatMinimumAmount(step.minimumAmountMinor),
      ...formatStepCharges(step),
    })),
  };
}

/** Succession profiles, the presets a profile can be created from and the templates a step can use. */
export const profileRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/profile-presets',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List the succession profile presets',
        tags: ['profiles'],
        response: { 200: z.array(presetResponse), ...errorResponses },
      },
    },
    async () =>
      PROFILE_PRESETS.map((preset) => ({
        key: preset.key,
        name: preset.name,
        description: preset.description,
        steps: preset.steps.map((step) => ({
          name: step.name,
          dayOffset: step.dayOffset,
          channel: step.channel,
          templateKey: step.templateKey,
          minDaysSincePrevious: step.minDaysSincePrevious ?? 0,
          conditions: step.conditions ?? {},
        })),
      })),
  );

  app.get(
    '/api/profile-templates',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List, per channel, the template keys a step can use',
        tags: ['profiles'],
        response: { 200: templatesResponse, ...errorResponses },
      },
    },
    async () => {
      const templates = listStepTemplates();
      return STEP_CHANNELS.map((entry) => ({ channel: entry, templateKeys: templates[entry] }));
    },
  );

  app.get(
    '/api/profiles',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List the succession profiles with their steps and the segments that use them',
        tags: ['profiles'],
        response: { 200: z.array(profileResponse), ...errorResponses },
      },
    },
    async (request) => (await withTenant(request, (trx) => listProfiles(trx))).map(toResponse),
  );

  app.post(
    '/api/profiles',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Create a succession profile from a preset, as a copy, or without steps',
        tags: ['profiles'],
        body: createBody,
        response: { 201: profileResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'create succession profiles');
      const { preset, copyOf, name } = request.body;
      const created = await withTenant(request, (trx, principal) => {
        const context = auditContextOf(principal);
        if (preset !== undefined) {
          if (copyOf !== undefined) {
            throw new AppError('invalid_input', 'Give either preset or copyOf, not both.');
          }
          return createProfileFromPreset(trx, context, { preset, name });
        }
        if (name === undefined) {
          throw new AppError('invalid_input', 'name: missing. Give the new profile a name.', {
            fields: [{ field: 'name', message: 'missing. Give the new profile a name.' }],
          });
        }
        return copyOf === undefined
          ? createEmptyProfile(trx, context, { name })
          : copyProfile(trx, context, { name, copyOf });
      });

      return reply.code(201).send(toResponse(created));
    },
  );

  app.put(
    '/api/profiles/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: "Replace a profile's name, escalation and steps",
        description:
          'Steps with an id are updated, steps without one added. A left-out step is deleted, or kept as removed when invoices have reached it.',
        tags: ['profiles'],
        params: idParams,
        body: updateBody,
        response: { 200: profileResponse, ...errorResponses },
      },
    },
    async (request) => {
      requireEveryEntity(requirePrincipal(request), 'change succession profiles');
      const updated = await withTenant(request, (trx, principal) =>
        updateProfile(trx, auditContextOf(principal), {
          id: request.params.id,
          update: request.body,
        }),
      );

      return toResponse(updated);
    },
  );

  app.delete(
    '/api/profiles/:id',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Delete a succession profile that no segment uses and no invoice has reached',
        tags: ['profiles'],
        params: idParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      requireEveryEntity(requirePrincipal(request), 'delete succession profiles');
      await withTenant(request, (trx, principal) =>
        deleteProfile(trx, auditContextOf(principal), { id: request.params.id }),
      );

      return reply.code(204).send(null);
    },
  );
};
