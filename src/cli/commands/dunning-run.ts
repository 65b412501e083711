import { BUSINESS_DATE_RANGE, isBusinessDate, isPlainDate } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { runDunningRespectingGoLive, type DunningRunResult } from '../../dunning/run-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

/** Largest number of invoices on hold that the text output lists; --json lists more. */
const TEXT_ON_HOLD_LIMIT = 50;

export const dunningRunCommand: CommandDefinition = {
  path: ['dunning', 'run'],
  summary: "Fill the day's message batches and call list with the steps that are due",
  usage:
    'collecta dunning run --entity CODE [--date YYYY-MM-DD] [--dry-run] [--include-on-hold] [--json]',
  help: `Options:
  --entity CODE      entity whose debtors are dunned
  --date YYYY-MM-DD  run date: open amounts, payments and days past due as on
                     this date, from ${BUSINESS_DATE_RANGE.first} to ${BUSINESS_DATE_RANGE.last}
                     (default: today in the entity's time zone)
  --dry-run          compute and print the result without writing anything
  --include-on-hold  remind invoices on hold (an import hold code or an issue
                     of a category that pauses dunning) like the others

Each invoice gets each step of its debtor's succession profile at most once,
so running a date again creates nothing new. Messages wait in the message
batches for approval; nothing is sent by this command. Until the organisation
goes live ("collecta organisation go-live"), every run is a dry run.
--json prints {"date", "messages": {"created", "skipped"}, "byStep": [{"step",
"channel", "count"}], "onHold": [{"debtorNumber", "debtorName",
"invoiceNumber", "holdReason"}], "onHoldTotal", "dryRun", "dryRunReason"},
where skipped counts debtors with a due step left out (on hold, below the
step's minimum amount, or in net credit), onHold lists the first 1000
invoices left out because they are on hold, onHoldTotal counts them all, and
dryRunReason is "requested", "not_live" or null. In a dry run, "created"
counts what the run would create. The text output lists the first
${TEXT_ON_HOLD_LIMIT} invoices on hold.`,
  options: {
    entity: { type: 'string' },
    date: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'include-on-hold': { type: 'boolean' },
  },
  async run(context, values) {
    const entityCode = requireOption(values, 'entity');
    const requestedDate = parseRunDate(optionalOption(values, 'date'));
    const dryRun = values['dry-run'] === true;
    const includeOnHold = values['include-on-hold'] === true;
    const database = await context.database();
    const organisationId = await context.organisationId();

    const result = await withOrganisation(database, organisationId, async (trx) => {
      const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
      const asOf = requestedDate ?? todayForEntity(entity, new Date());
      return runDunningRespectingGoLive(trx, {
        organisationId,
        entityId: entity.id,
        asOf,
        dryRun,
        includeOnHold,
        actor: context.actor,
      });
    });

    return { json: result, text: formatSummary(result, { entityCode }) };
  },
};

/**
 * Checks --date of a dunning run or forecast: a YYYY-MM-DD date within
 * BUSINESS_DATE_RANGE, as the API accepts. Returns undefined when absent.
 */
export function parseRunDate(value: string | undefined): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!isPlainDate(value)) {
    throw new AppError(
      'invalid_arguments',
      `--date "${value}" is not a valid date; use YYYY-MM-DD, such as 2024-06-30.`,
    );
  }
  if (!isBusinessDate(value)) {
    const { first, last } = BUSINESS_DATE_RANGE;
    throw new AppError(
      'invalid_arguments',
      `--date "${value}" is outside the supported range; use a date from ${first} to ${last}.`,
    );
  }

  return value;
}

function formatSummary(result: DunningRunResult, options: { entityCode: string }): string {
  const run = `Dunning run for ${options.entityCode} on ${result.date}`;
  let heading = `${run}:`;
  if (result.dryRunReason === 'not_live') {
    heading = `${run} (dry run, nothing written, because the organisation is not live yet; run "collecta organisation go-live" when the set-up is complete):`;
  } else if (result.dryRun) {
    heading = `${run} (dry run, nothing written):`;
  }
  if (result.notSendingDay) {
    const { reason, nextSendingDay } = result.notSendingDay;
    return `${run}: nothing created, because ${result.date} is no sending day of the entity (${reason}). The run on the next sending day, ${nextSendingDay}, makes what became due.`;
  }
  const lines = [
    heading,
    result.dryRun
      ? `  would create: ${result.messages.created} messages and call tasks`
      : `  created: ${result.messages.created} messages and call tasks`,
    `  skipped: ${result.messages.skipped} debtors (on hold, below minimum, net credit or weekly contact limit)`,
    ...result.byStep.map((entry) => `  ${entry.step} (${entry.channel}): ${entry.count}`),
    ...formatOnHold(result),
  ];

  return lines.join('\n');
}

/** Lists the invoices left out because they are on hold, one a line, with the reason. */
function formatOnHold(result: DunningRunResult): string[] {
  if (result.onHoldTotal === 0) {
    return [];
  }
  const listed = result.onHold.slice(0, TEXT_ON_HOLD_LIMIT);
  const noun = result.onHoldTotal === 1 ? 'invoice' : 'invoices';
  const lines = [`On hold: ${result.onHoldTotal} ${noun} left out`];
  for (const entry of listed) {
    const debtor =
      entry.debtorName === '' ? entry.debtorNumber : `${entry.debtorNumber} ${entry.debtorName}`;
    lines.push(`  ${entry.invoiceNumber} (debtor ${debtor}): ${entry.holdReason}`);
  }
  if (result.onHoldTotal > listed.length) {
    lines.push(`  ... and ${result.onHoldTotal - listed.length} more; use --json for the list`);
  }

  return lines;
}
