import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FORECAST_DAYS, forecastDunning } from '../../dunning/forecast-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { businessDate, entityCodeQuery, errorResponses, plainDate } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';

const forecastQuery = z.object({
  entity: entityCodeQuery,
  date: businessDate
    .optional()
    .describe("First forecast day; default today in the entity's time zone"),
  days: z.coerce
    .number()
    .int()
    .min(FORECAST_DAYS.min)
    .max(FORECAST_DAYS.max)
    .default(FORECAST_DAYS.default)
    .describe(`Number of days, ${FORECAST_DAYS.min} to ${FORECAST_DAYS.max}`),
});

const count = z.number().int();
const channelCounts = {
  email: count.describe('E-mails, instalment reminders included'),
  letter: count.describe(
    'Letters, with instalment reminders and the e-mail steps of debtors without an e-mail address',
  ),
  sms: count,
  call: count.describe('Call tasks'),
  fax: count,
  handover: count,
  instalmentReminders: count.describe(
    'Instalment reminders of payment arrangements, counted in email and letter too',
  ),
};

const forecastResponse = z.object({
  entity: z.string().describe('Entity code'),
  from: plainDate,
  days: z.array(
    z.object({
      date: plainDate,
      ...channelCounts,
      notSendingDay: z
        .object({
          kind: z.enum(['not_working_day', 'public_holiday', 'closing_day']),
          reason: z.string().describe('In words, such as "Saturday is not a working day"'),
          nextSendingDay: plainDate,
        })
        .optional()
        .describe('Present when the day is no sending day of the entity; its counts are zero'),
    }),
  ),
  totals: z.object(channelCounts),
});

/**
 * GET /api/dunning/forecast: the messages and call tasks that the dunning
 * runs of the next days would create, per day and channel, and how many of
 * the messages are instalment reminders. Reads only.
 */
export const forecastRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/dunning/forecast',
    {
      config: { access: 'dunning.read' },
      schema: {
        summary:
          "Forecast the dunning runs of an entity's next days: messages and call tasks per day and channel",
        tags: ['dunning'],
        querystring: forecastQuery,
        response: { 200: forecastResponse, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const entity = await findEntityByCode(trx, {
          organisationId: principal.organisationId,
          code: request.query.entity,
        });
        const forecast = await forecastDunning(trx, {
          entityId: entity.id,
          from: request.query.date ?? todayForEntity(entity, new Date()),
          days: request.query.days,
        });

        return { entity: entity.code, ...forecast };
      }),
  );
};
