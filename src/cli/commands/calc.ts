import {
  contractualRateTable,
  interestResultJson,
  isExactInCents,
  type CalculatorInterestKind,
} from '../../calculator/interest-result.ts';
import { BUSINESS_DATE_RANGE, isPlainDate } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { calculateInterest, type DayCount } from '../../interest/calculate-interest.ts';
import { loadInterestRateTable } from '../../interest/load-rate-table.ts';
import { parseRatePercent } from '../../interest/rate-percent.ts';
import {
  statutoryRateTable,
  type InterestRateTable,
} from '../../interest/statutory-interest-rates.ts';
import { AmountParseError, formatDecimal, parseAmount } from '../../money/money.ts';
import { statutoryCollectionCostsCents } from '../../profiles/statutory-collection-costs.ts';
import {
  optionalOption,
  requireOption,
  type CommandContext,
  type CommandDefinition,
} from '../command.ts';

/** Parses --principal as euros with a decimal point, such as 3000.00. */
function principalCents(text: string): number {
  try {
    const cents = parseAmount(text, 'EUR');
    if (cents <= 0) {
      throw new AmountParseError('is not greater than zero');
    }
    return cents;
  } catch (error) {
    if (error instanceof AmountParseError) {
      throw new AppError(
        'invalid_arguments',
        `--principal "${text}" ${error.message}; give euros with a decimal point, such as 3000.00.`,
      );
    }
    throw error;
  }
}

/** Largest VAT rate that --vat accepts, in hundredths of a percent: 100%. */
const MAX_VAT_BASIS_POINTS = 10_000;

/** Parses --vat as a percentage from 0 to 100 with at most two decimals, in hundredths of a percent. */
function vatBasisPoints(text: string | undefined): number {
  if (text === undefined) {
    return 0;
  }
  const basisPoints = /^\d{1,3}(\.\d{1,2})?$/.test(text) ? parseAmount(text, 'EUR') : Number.NaN;
  if (!(basisPoints <= MAX_VAT_BASIS_POINTS)) {
    throw new AppError(
      'invalid_arguments',
      `--vat "${text}" is not a percentage from 0 to 100; give the VAT rate with at most two decimals, such as 21 or 9.`,
    );
  }
  return basisPoints;
}

/** Rounds amount × basis points / 10,000 half-up to whole cents. */
function percentageOf(cents: number, basisPoints: number): number {
  return Math.floor((cents * basisPoints + 5_000) / 10_000);
}

export const calcCostsCommand: CommandDefinition = {
  path: ['calc', 'costs'],
  summary: 'Calculate Dutch statutory collection costs for a principal',
  usage: 'collecta calc costs --principal AMOUNT [--vat PERCENT] [--json]',
  help: `Options:
  --principal AMOUNT  unpaid principal in euros, without interest, such as 3000.00
  --vat PERCENT       add VAT at this rate, 0 to 100, such as 21; only for a
                      creditor that cannot deduct VAT (default: no VAT)

The scale charges 15% of the first EUR 2,500, 10% of the next EUR 2,500,
5% of the next EUR 5,000, 1% of the next EUR 190,000 and 0.5% of the rest,
at least EUR 40 and at most EUR 6,775. VAT is rounded half-up to cents.
--json prints {"net":"...","vat":"...","costs":"..."} in euros.`,
  options: {
    principal: { type: 'string' },
    vat: { type: 'string' },
  },
  async run(_context, values) {
    const principal = principalCents(requireOption(values, 'principal'));
    const net = statutoryCollectionCostsCents(principal);
    const vat = percentageOf(net, vatBasisPoints(optionalOption(values, 'vat')));
    const json = {
      net: formatDecimal(net, 'EUR'),
      vat: formatDecimal(vat, 'EUR'),
      costs: formatDecimal(net + vat, 'EUR'),
    };
    const text = [
      `Collection costs on EUR ${formatDecimal(principal, 'EUR')}:`,
      `  net    EUR ${json.net}`,
      `  VAT    EUR ${json.vat}`,
      `  total  EUR ${json.costs}`,
    ].join('\n');

    return { json, text };
  },
};

function choice<T extends string>(
  value: string | undefined,
  option: string,
  allowed: readonly T[],
  fallback?: T,
): T {
  if (value === undefined && fallback !== undefined) {
    return fallback;
  }
  if (value === undefined) {
    throw new AppError(
      'invalid_arguments',
      `missing required option --${option}; use ${allowed.join(' or ')}.`,
    );
  }
  const found = allowed.find((candidate) => candidate === value);
  if (!found) {
    throw new AppError(
      'invalid_arguments',
      `--${option} "${value}" is not known; use ${allowed.join(' or ')}.`,
    );
  }
  return found;
}

/**
 * Rejects an interest date after BUSINESS_DATE_RANGE.last. Later days would
 * run at a rate that is not published yet, and centuries of compounding give
 * amounts that whole cents in a JavaScript number cannot represent exactly.
 */
function checkBeforeRangeEnd(option: 'from' | 'to', value: string): void {
  const { last } = BUSINESS_DATE_RANGE;
  if (isPlainDate(value) && value > last) {
    throw new AppError(
      'invalid_arguments',
      `--${option} "${value}" is after ${last}, the last day the calculator accepts; choose an earlier date.`,
    );
  }
}

/** Parses --rate as a yearly percentage, required for contractual interest and rejected otherwise. */
function contractualBasisPoints(
  kind: CalculatorInterestKind,
  text: string | undefined,
): number | undefined {
  if (kind !== 'contractual') {
    if (text !== undefined) {
      throw new AppError(
        'invalid_arguments',
        `--rate applies only to --kind contractual; ${kind} interest uses the statutory rate table.`,
      );
    }
    return undefined;
  }
  if (text === undefined) {
    throw new AppError(
      'invalid_arguments',
      'missing required option --rate for --kind contractual; give the yearly rate in percent, such as 8 or 12.5.',
    );
  }
  const basisPoints = parseRatePercent(text);
  if (basisPoints === null) {
    throw new AppError(
      'invalid_arguments',
      `--rate "${text}" is not a percentage from 0 to 100; give the yearly rate with at most two decimals, such as 8 or 12.5.`,
    );
  }
  return basisPoints;
}

/**
 * Chooses the rate table. Contractual interest gets one rate. With
 * --organisation, statutory interest uses that organisation's stored table,
 * or the built-in one until it saves its own. Without it, the built-in table
 * applies and the database stays closed.
 */
async function chooseRateTable(
  context: CommandContext,
  params: {
    kind: CalculatorInterestKind;
    from: string;
    rateBasisPoints: number | undefined;
    organisationSlug: string | undefined;
  },
): Promise<InterestRateTable> {
  const { kind } = params;
  if (kind === 'contractual') {
    return contractualRateTable(params.from, params.rateBasisPoints ?? 0);
  }
  if (params.organisationSlug === undefined) {
    return statutoryRateTable(kind);
  }
  const database = await context.database();
  const organisationId = await context.organisationId();
  return withOrganisation(database, organisationId, (trx) =>
    loadInterestRateTable(trx, { organisationId, kind }),
  );
}

export const calcInterestCommand: CommandDefinition = {
  path: ['calc', 'interest'],
  summary: 'Calculate Dutch statutory or contractual interest over a period',
  usage:
    'collecta calc interest --principal AMOUNT --from YYYY-MM-DD --to YYYY-MM-DD --kind commercial|consumer|contractual [--rate PERCENT] [--day-count act365|actact] [--organisation SLUG] [--json]',
  help: `Options:
  --principal AMOUNT   principal in euros, such as 10000.00
  --from YYYY-MM-DD    first day of interest
  --to YYYY-MM-DD      last day of interest, included; at most ${BUSINESS_DATE_RANGE.last}
  --kind KIND          commercial (art. 6:119a BW), consumer (art. 6:119 BW)
                       or contractual (one agreed rate, given with --rate)
  --rate PERCENT       yearly contractual rate, 0 to 100, such as 8 or 12.5;
                       only with --kind contractual
  --day-count RULE     act365 (default): every day is 1/365 of a year, leap
                       years included; actact: a day is 1/365 or 1/366 of its
                       calendar year
  --organisation SLUG  use the statutory rate tables this organisation stores
                       (opens the database); without it the calculator uses
                       the built-in tables and needs no database

Interest is simple within a year and compounds yearly from --from: after each
full year, that year's interest is added to the base. Contractual interest
compounds the same way. A rate change splits the period. Interest accrues
unrounded and is rounded half-up to cents at each capitalisation and at the
end; the amounts per period are shown rounded. A period past the last day the
rate table covers runs at the table's last rate, with a warning. --json prints
{"interest":"...","periods":[{"from","to","days","rate","base","interest"}]}
and, past the table, "warning".`,
  options: {
    principal: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    kind: { type: 'string' },
    rate: { type: 'string' },
    'day-count': { type: 'string' },
  },
  async run(context, values) {
    const kind = choice<CalculatorInterestKind>(optionalOption(values, 'kind'), 'kind', [
      'commercial',
      'consumer',
      'contractual',
    ]);
    const rateBasisPoints = contractualBasisPoints(kind, optionalOption(values, 'rate'));
    const dayCount = choice<DayCount>(
      optionalOption(values, 'day-count'),
      'day-count',
      ['act365', 'actact'],
      'act365',
    );
    const from = requireOption(values, 'from');
    const to = requireOption(values, 'to');
    checkBeforeRangeEnd('from', from);
    checkBeforeRangeEnd('to', to);
    const principalMinor = principalCents(requireOption(values, 'principal'));
    const table = await chooseRateTable(context, {
      kind,
      from,
      rateBasisPoints,
      organisationSlug: optionalOption(values, 'organisation'),
    });
    let result;
    try {
      result = calculateInterest({ principalMinor, from, to, table, dayCount });
    } catch (error) {
      // The calculator names fields as "from:" or "to:"; on the command line they are options.
      if (error instanceof AppError && error.code === 'invalid_input') {
        throw new AppError('invalid_arguments', `--${error.message}`);
      }
      throw error;
    }
    if (!isExactInCents(result)) {
      throw new AppError(
        'invalid_arguments',
        `The interest or its base exceeds EUR ${formatDecimal(Number.MAX_SAFE_INTEGER, 'EUR')}, the largest amount calculated exactly; give a smaller --principal or a shorter period.`,
      );
    }
    const json = interestResultJson(result, kind);
    const lines = json.periods.map(
      (period) =>
        `  ${period.from} – ${period.to}  ${String(period.days).padStart(4)} days  ${period.rate.padStart(6)}%  on EUR ${period.base.padStart(12)}  EUR ${period.interest.padStart(10)}`,
    );
    const heading =
      kind === 'contractual'
        ? `Contractual interest (${dayCount}):`
        : `Statutory ${kind} interest (${dayCount}):`;
    const text = [
      heading,
      ...lines,
      `  total EUR ${json.interest}`,
      ...(json.warning ? [`Warning: ${json.warning}`] : []),
    ].join('\n');

    return { json, text };
  },
};

export const calcCommands: CommandDefinition[] = [calcCostsCommand, calcInterestCommand];
