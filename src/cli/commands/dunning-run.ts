import { isPlainDate } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import type { DunningRunSummary } from '../../dunning/dunning-types.ts';
import { runDunning } from '../../dunning/run-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

export const dunningRunCommand: CommandDefinition = {
  path: ['dunning', 'run'],
  summary: "Fill the day's message batches and call list with the steps that are due",
  usage: 'collecta dunning run --entity CODE [--date YYYY-MM-DD] [--dry-run] [--json]',
  help: `Options:
  --entity CODE      entity whose debtors are dunned
  --date YYYY-MM-DD  run date: open amounts, payments and days past due as on
                     this date (default: today in the entity's time zone)
  --dry-run          compute and print the result without writing anything

Each invoice gets each step of its debtor's succession profile at most once,
so running a date again creates nothing new. Messages wait in the message
batches for approval; nothing is sent by this command. --json prints
{"date", "messages": {"created", "skipped"}, "byStep": [{"step", "channel", "count"}]},
where skipped counts debtors with a due step left out (on hold, below the
step's minimum amount, or in net credit).`,
  options: {
    entity: { type: 'string' },
    date: { type: 'string' },
    'dry-run': { type: 'boolean' },
  },
  async run(context, values) {
    const entityCode = requireOption(values, 'entity');
    const requestedDate = optionalOption(values, 'date');
    if (requestedDate !== undefined && !isPlainDate(requestedDate)) {
      throw new AppError(
        'invalid_arguments',
        `--date "${requestedDate}" is not a valid date; use YYYY-MM-DD, such as 2024-06-30.`,
      );
    }
    const dryRun = values['dry-run'] === true;
    const database = await context.database();
    const organisationId = await context.organisationId();

    const summary = await withOrganisation(database, organisationId, async (trx) => {
      const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
      const asOf = requestedDate ?? todayForEntity(entity, new Date());
      return runDunning(trx, {
        organisationId,
        entityId: entity.id,
        asOf,
        dryRun,
        actor: context.actor,
      });
    });

    return { json: summary, text: formatSummary(summary, { entityCode, dryRun }) };
  },
};

function formatSummary(
  summary: DunningRunSummary,
  options: { entityCode: string; dryRun: boolean },
): string {
  const heading = options.dryRun
    ? `Dunning run for ${options.entityCode} on ${summary.date} (dry run, nothing written):`
    : `Dunning run for ${options.entityCode} on ${summary.date}:`;
  const lines = [
    heading,
    `  created: ${summary.messages.created} messages and call tasks`,
    `  skipped: ${summary.messages.skipped} debtors (on hold, below minimum or net credit)`,
    ...summary.byStep.map((entry) => `  ${entry.step} (${entry.channel}): ${entry.count}`),
  ];

  return lines.join('\n');
}
