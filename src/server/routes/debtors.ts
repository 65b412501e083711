import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getDebtorCard } from '../../debtors/get-debtor-card.ts';
import { listDebtors } from '../../debtors/list-debtors.ts';
import { requireDebtorCardAccess } from '../../issues/issue-access.ts';
import { formatDecimal } from '../../money/money.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  idParams,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { debtorCardBody, toDebtorCardBody } from './debtor-card-body.ts';

const listQuery = z.object({
  entity: entityCodeQuery.optional(),
  search: z.string().max(200).optional().describe('Part of the number, name or e-mail address'),
  date: plainDate.optional().describe("As-of date; default today in each entity's time zone"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const debtorListItem = z.object({
  id: z.uuid(),
  number: z.string(),
  name: z.string(),
  kind: z.enum(['b2b', 'b2c']),
  language: z.string(),
  email: z.string().nullable(),
  entityCode: z.string(),
  currency: currencyCode,
  open: decimalAmount,
  overdue: decimalAmount,
  ageing: z.object({
    current: decimalAmount,
    '1-30': decimalAmount,
    '31-60': decimalAmount,
    '61-90': decimalAmount,
    '91+': decimalAmount,
    credits: decimalAmount,
  }),
});

const debtorListBody = z.object({
  items: z.array(debtorListItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

/** GET /api/debtors and GET /api/debtors/:id: the debtor list and a debtor's card. */
export const debtorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/debtors',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'List debtors with open amounts and ageing, most overdue first',
        tags: ['debtors'],
        querystring: listQuery,
        response: { 200: debtorListBody, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await withTenant(request, (trx) =>
        listDebtors(trx, {
          entityCode: query.entity,
          search: query.search,
          asOf: query.date,
          page: query.page,
          pageSize: query.pageSize,
        }),
      );

      return {
        ...page,
        items: page.items.map((item) => {
          const money = (minor: number) => formatDecimal(minor, item.currency);
          return {
            id: item.id,
            number: item.number,
            name: item.name,
            kind: item.kind,
            language: item.language,
            email: item.email,
            entityCode: item.entityCode,
            currency: item.currency,
            open: money(item.openMinor),
            overdue: money(item.overdueMinor),
            ageing: {
              current: money(item.ageing.current),
              '1-30': money(item.ageing.days1To30),
              '31-60': money(item.ageing.days31To60),
              '61-90': money(item.ageing.days61To90),
              '91+': money(item.ageing.days91Plus),
              credits: money(item.ageing.credits),
            },
          };
        }),
      };
    },
  );

  app.get(
    '/api/debtors/:id',
    {
      // debtors.read, or issues.read for a debtor with an issue: checked by requireDebtorCardAccess.
      config: { access: 'authenticated' },
      schema: {
        summary:
          "A debtor's card: open invoices, payments and the timeline of contacts. Needs debtors.read, or issues.read for a debtor with an issue of the user's department or assigned to the user",
        tags: ['debtors'],
        params: idParams,
        querystring: z.object({
          date: plainDate
            .optional()
            .describe("As-of date; default today in the entity's time zone"),
        }),
        response: { 200: debtorCardBody, ...errorResponses },
      },
    },
    async (request) => {
      const card = await withTenant(request, async (trx, principal) => {
        await requireDebtorCardAccess(trx, principal, request.params.id);
        return getDebtorCard(trx, { debtorId: request.params.id, asOf: request.query.date });
      });

      return toDebtorCardBody(card);
    },
  );
};
