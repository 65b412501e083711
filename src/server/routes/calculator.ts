import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calculateCollectionCosts } from '../../calculator/collection-costs.ts';
import {
  contractualRateTable,
  interestResultJson,
  isExactInCents,
  type CalculatorInterestKind,
} from '../../calculator/interest-result.ts';
import { AppError } from '../../errors.ts';
import { calculateInterest } from '../../interest/calculate-interest.ts';
import { loadInterestRateTable, type RateTableSource } from '../../interest/load-rate-table.ts';
import type { InterestRateTable } from '../../interest/statutory-interest-rates.ts';
import { formatRatePercent, parseRatePercent } from '../../interest/rate-percent.ts';
import { formatDecimal, parseAmount } from '../../money/money.ts';
import { businessDate, decimalAmount, errorResponses } from '../schemas.ts';
import { withTenant } from '../tenant-scope.ts';
import { ratePercent } from './interest-rates.ts';

/** The largest principal the calculator accepts: EUR 1,000,000,000.00, in cents. */
const MAX_PRINCIPAL_CENTS = 100_000_000_000;

const PRINCIPAL_TEXT = /^\d{1,12}(\.\d{1,2})?$/;

/** A principal in euros with a decimal point, such as "3000.00", from 0.01 to the maximum. */
const principal = z
  .string()
  .regex(PRINCIPAL_TEXT, 'use euros with a decimal point and at most two decimals, such as 3000.00')
  .refine(
    // Zod runs this check after a failed pattern too; the pattern has reported that text.
    (value) => !PRINCIPAL_TEXT.test(value) || isPrincipalInRange(parseAmount(value, 'EUR')),
    `use an amount from 0.01 to ${formatDecimal(MAX_PRINCIPAL_CENTS, 'EUR')}`,
  )
  .describe('Principal in euros, such as "3000.00"');

function isPrincipalInRange(cents: number): boolean {
  return cents > 0 && cents <= MAX_PRINCIPAL_CENTS;
}

const costsResponse = z.object({
  principal: decimalAmount,
  vatRate: z.string().describe('The VAT rate applied, in percent, such as "21.00"'),
  net: decimalAmount,
  vat: decimalAmount,
  costs: decimalAmount.describe('Net plus VAT'),
  brackets: z
    .array(
      z.object({
        from: decimalAmount.describe("The bracket's lower edge"),
        to: decimalAmount.nullable().describe("The bracket's upper edge; null for the last"),
        rate: z.string().describe('Percent of the part in this bracket, such as "15.00"'),
        base: decimalAmount.describe('The part of the principal in this bracket'),
        amount: decimalAmount.describe('Rounded for display; the net amount rounds once'),
      }),
    )
    .describe('The scale brackets the principal reaches, lowest first'),
  limit: z
    .enum(['minimum', 'maximum'])
    .nullable()
    .describe('Set when the minimum of EUR 40 or the maximum of EUR 6,775 replaced the sum'),
});

const interestResponse = z.object({
  kind: z.enum(['commercial', 'consumer', 'contractual']),
  dayCount: z.enum(['act365', 'actact']),
  interest: decimalAmount,
  periods: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      days: z.number().int(),
      rate: z.string(),
      base: decimalAmount,
      interest: decimalAmount.describe('Rounded for display; the total rounds once'),
    }),
  ),
  table: z.object({
    source: z.enum(['organisation', 'built-in', 'contractual']),
    coveredThrough: z.string(),
  }),
  beyondTable: z
    .object({ coveredThrough: z.string(), appliedRate: z.string() })
    .nullable()
    .describe('Set when the period reaches past the table; later days use its last rate'),
  warning: z.string().optional().describe('The beyondTable warning in English words'),
});

/**
 * POST /api/calculator/costs and /api/calculator/interest: the collection
 * costs and interest calculator of the web app, over the organisation's
 * stored rate tables. Neither writes anything.
 */
export const calculatorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/calculator/costs',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'Calculate Dutch statutory collection costs on a principal, by scale bracket',
        description:
          'The scale charges 15% of the first EUR 2,500, 10% of the next EUR 2,500, 5% of the next EUR 5,000, 1% of the next EUR 190,000 and 0.5% of the rest, at least EUR 40 and at most EUR 6,775. VAT is only for a creditor that cannot deduct it.',
        tags: ['calculator'],
        body: z.object({
          principal,
          vatRate: ratePercent.optional().describe('VAT in percent, such as "21"; default none'),
        }),
        response: { 200: costsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const principalCents = parseAmount(request.body.principal, 'EUR');
      const vatBasisPoints = parseRatePercent(request.body.vatRate ?? '0') ?? 0;
      const costs = calculateCollectionCosts({ principalCents, vatBasisPoints });
      return {
        principal: formatDecimal(principalCents, 'EUR'),
        vatRate: formatRatePercent(vatBasisPoints),
        net: formatDecimal(costs.netCents, 'EUR'),
        vat: formatDecimal(costs.vatCents, 'EUR'),
        costs: formatDecimal(costs.costsCents, 'EUR'),
        brackets: costs.brackets.map((bracket) => ({
          from: formatDecimal(bracket.fromCents, 'EUR'),
          to: bracket.toCents === null ? null : formatDecimal(bracket.toCents, 'EUR'),
          rate: formatRatePercent(bracket.basisPoints),
          base: formatDecimal(bracket.baseCents, 'EUR'),
          amount: formatDecimal(bracket.amountCents, 'EUR'),
        })),
        limit: costs.limit,
      };
    },
  );

  app.post(
    '/api/calculator/interest',
    {
      config: { access: 'debtors.read' },
      schema: {
        summary: 'Calculate statutory or contractual interest over a period',
        description:
          "Statutory interest uses the organisation's rate table of that kind. Interest is simple within a year and compounds yearly from the first day; a rate change splits the period. A period past the table's covered-through date runs at its last rate and sets beyondTable.",
        tags: ['calculator'],
        body: z
          .object({
            principal,
            from: businessDate.describe('First day of interest'),
            to: businessDate.describe('Last day of interest, included'),
            kind: z.enum(['commercial', 'consumer', 'contractual']),
            rate: ratePercent.optional().describe('The yearly rate of contractual interest'),
            dayCount: z.enum(['act365', 'actact']).default('act365'),
          })
          .refine((body) => (body.kind === 'contractual') === (body.rate !== undefined), {
            path: ['rate'],
            message: 'give a rate with kind contractual, and only then',
          }),
        response: { 200: interestResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { body } = request;
      const { table, source } = await chooseRateTable(request, body);
      const result = calculateInterest({
        principalMinor: parseAmount(body.principal, 'EUR'),
        from: body.from,
        to: body.to,
        table,
        dayCount: body.dayCount,
      });
      if (!isExactInCents(result)) {
        throw new AppError(
          'invalid_input',
          `The interest or its base exceeds EUR ${formatDecimal(Number.MAX_SAFE_INTEGER, 'EUR')}, the largest amount calculated exactly; give a smaller principal or a shorter period.`,
        );
      }
      return {
        kind: body.kind,
        dayCount: body.dayCount,
        ...interestResultJson(result, body.kind),
        table: { source, coveredThrough: table.coveredThrough },
        beyondTable: result.beyondTable
          ? {
              coveredThrough: result.beyondTable.coveredThrough,
              appliedRate: formatRatePercent(result.beyondTable.appliedBasisPoints),
            }
          : null,
      };
    },
  );
};

/** Chooses one contractual rate, or the organisation's statutory table of the kind. */
async function chooseRateTable(
  request: FastifyRequest,
  body: { kind: CalculatorInterestKind; from: string; rate?: string | undefined },
): Promise<{ table: InterestRateTable; source: RateTableSource | 'contractual' }> {
  const { kind } = body;
  if (kind === 'contractual') {
    const basisPoints = parseRatePercent(body.rate ?? '') ?? 0;
    return { table: contractualRateTable(body.from, basisPoints), source: 'contractual' };
  }
  const table = await withTenant(request, (trx, principal) =>
    loadInterestRateTable(trx, { organisationId: principal.organisationId, kind }),
  );
  return { table, source: table.source };
}
