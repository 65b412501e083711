import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../provisioning/audit-context.ts';
import { PROFILE_PRESET_KEYS, PROFILE_PRESETS } from '../../profiles/profile-presets.ts';
import { createProfileFromPreset, listProfiles } from '../../profiles/profiles.ts';
import { errorResponses } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const channel = z.enum(['email', 'letter', 'sms', 'call', 'fax', 'handover']);

const stepConditions = z.object({
  debtorKind: z.enum(['b2b', 'b2c']).optional(),
  languages: z.array(z.string()).optional(),
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

const profileResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  steps: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      dayOffset: z.number().int(),
      channel,
      templateKey: z.string(),
      minimumAmountMinor: z.number().int(),
      minDaysSincePrevious: z.number().int(),
      conditions: stepConditions,
    }),
  ),
});

const createBody = z.object({
  preset: z.enum(PROFILE_PRESET_KEYS),
  name: z.string().trim().min(1).max(100).optional().describe("Default: the preset's name"),
});

/** Succession profiles and the presets a profile can be created from. */
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
    '/api/profiles',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'List the succession profiles with their steps',
        tags: ['profiles'],
        response: { 200: z.array(profileResponse), ...errorResponses },
      },
    },
    async (request) => withTenant(request, (trx) => listProfiles(trx)),
  );

  app.post(
    '/api/profiles',
    {
      config: { access: 'settings.manage' },
      schema: {
        summary: 'Create a succession profile from a preset',
        tags: ['profiles'],
        body: createBody,
        response: { 201: profileResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await withTenant(request, (trx, principal) =>
        createProfileFromPreset(trx, auditContextOf(principal), request.body),
      );
      return reply.code(201).send(created);
    },
  );
};
