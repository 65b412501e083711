import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { loadEntityToday } from '../../home/entity-today.ts';
import { formatDecimal } from '../../money/money.ts';
import {
  computeIssueReport,
  defaultIssueReportFrom,
  ISSUE_AGE_BUCKETS,
  ISSUE_REPORT_OUTCOMES,
  MAX_ISSUE_REPORT_DAYS,
  type CurrencyAmount,
  type IssueReport,
  type IssueTally,
} from '../../reports/issue-report.ts';
import {
  currencyCode,
  decimalAmount,
  entityCodeQuery,
  errorResponses,
  plainDate,
} from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { entityIdForCode } from './entity-lookup.ts';

const amounts = z
  .array(z.object({ currency: currencyCode, amount: decimalAmount }))
  .describe('Open amount of the invoices per currency; an invoice of several issues counts once');

const tally = { count: z.number().int(), amounts };

const category = z.object({
  id: z.uuid(),
  name: z.string(),
  names: z.record(z.string(), z.string()).describe('Names by language code'),
  processName: z.string(),
  processNames: z.record(z.string(), z.string()),
});

const outcomeCounts = z.array(
  z.object({ outcome: z.enum(ISSUE_REPORT_OUTCOMES), count: z.number().int() }),
);

const issueReportBody = z.object({
  from: plainDate,
  to: plainDate,
  entities: z
    .array(z.object({ entityCode: z.string(), asOf: plainDate }))
    .describe('The date each entity counts its open issues on: the period end or its today'),
  open: z.object({
    total: z.object(tally),
    byCategory: z.array(z.object({ category, ...tally })),
    byDepartment: z.array(
      z.object({ department: z.object({ id: z.uuid(), name: z.string() }).nullable(), ...tally }),
    ),
    byAge: z
      .array(z.object({ bucket: z.enum(ISSUE_AGE_BUCKETS.map((bucket) => bucket.name)), ...tally }))
      .describe('Calendar days since the issue was opened'),
  }),
  onHold: z
    .array(
      z.object({ currency: currencyCode, amount: decimalAmount, invoiceCount: z.number().int() }),
    )
    .describe('Open invoices held by open issues of categories that pause dunning'),
  closed: z.object({
    count: z.number().int(),
    byCategory: z.array(
      z.object({
        category,
        target: z.object({
          daysToResolve: z.number().int(),
          dayKind: z.enum(['calendar', 'working']),
        }),
        count: z.number().int(),
        averageDays: z.number().describe('Mean calendar days from opening to closing'),
        p90Days: z.number().int().describe('90th percentile of those days, nearest-rank method'),
        inTimeCount: z.number().int().describe('Closed on or before the deadline'),
        inTimePercent: z.number(),
        outcomes: outcomeCounts,
      }),
    ),
    outcomes: outcomeCounts,
  }),
  openedByMonth: z.object({
    months: z.array(z.string()).describe('Every month of the period, YYYY-MM'),
    categories: z.array(
      z.object({ category, counts: z.array(z.number().int()), total: z.number().int() }),
    ),
  }),
});

/** GET /api/reports/issues: open, closed and new issues of the entities in scope. */
export const issueReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/reports/issues',
    {
      config: { access: 'reports.read' },
      schema: {
        summary: 'Issue report: open issues and amounts, resolution times, outcomes, root causes',
        description: `Without an entity the report covers every entity of the caller. The period defaults to twelve calendar months up to the entity's today (the latest today of the entities) and may span at most ${MAX_ISSUE_REPORT_DAYS} days. A user limited to a department sees that department's issues and the issues assigned to them.`,
        tags: ['reports'],
        querystring: z.object({
          entity: entityCodeQuery.optional(),
          from: plainDate.optional().describe('First day of the period'),
          to: plainDate.optional().describe('Last day of the period'),
        }),
        response: { 200: issueReportBody, ...errorResponses },
      },
    },
    async (request) =>
      withTenant(request, async (trx, principal) => {
        const entityId = await entityIdForCode(trx, principal, request.query.entity);
        const entities = await loadEntityToday(trx, { entityId, now: new Date() });
        const latestToday = entities.reduce(
          (latest, entity) => (entity.today > latest ? entity.today : latest),
          entities[0]?.today ?? new Date().toISOString().slice(0, 10),
        );
        const to = request.query.to ?? latestToday;
        const report = await computeIssueReport(trx, {
          entities,
          from: request.query.from ?? defaultIssueReportFrom(to),
          to,
          visibility: principal.departmentId
            ? { departmentId: principal.departmentId, userId: principal.actor }
            : undefined,
        });

        return formatIssueReport(report);
      }),
  );
};

function formatAmounts(values: readonly CurrencyAmount[]) {
  return values.map((value) => ({
    currency: value.currency,
    amount: formatDecimal(value.amountMinor, value.currency),
  }));
}

function formatTally(value: IssueTally) {
  return { count: value.count, amounts: formatAmounts(value.amounts) };
}

function formatIssueReport(report: IssueReport): z.infer<typeof issueReportBody> {
  return {
    ...report,
    open: {
      total: formatTally(report.open.total),
      byCategory: report.open.byCategory.map((row) => ({
        category: row.category,
        ...formatTally(row),
      })),
      byDepartment: report.open.byDepartment.map((row) => ({
        department: row.department,
        ...formatTally(row),
      })),
      byAge: report.open.byAge.map((row) => ({ bucket: row.bucket, ...formatTally(row) })),
    },
    onHold: report.onHold.map((row) => ({
      currency: row.currency,
      amount: formatDecimal(row.amountMinor, row.currency),
      invoiceCount: row.invoiceCount,
    })),
  };
}
