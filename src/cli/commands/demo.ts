import { isPlainDate } from '../../dates/plain-date.ts';
import { DEFAULT_DEMO_SEED } from '../../demo/generate-demo-data.ts';
import { loadDemoData } from '../../demo/load-demo-data.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { AppError } from '../../errors.ts';
import { makeLiveForDemo } from '../../provisioning/go-live.ts';
import { optionalOption, type CommandDefinition } from '../command.ts';

export const demoCommand: CommandDefinition = {
  path: ['demo'],
  summary: 'Load demo entities, debtors, a year of invoices and payments',
  usage: 'collecta demo [--date YYYY-MM-DD] [--seed N] [--json]',
  help: `Options:
  --date YYYY-MM-DD  last day of the demo year: invoices and payments are dated
                     on or before it (default: today in Europe/Amsterdam)
  --seed N           seed of the generator; the same seed and date give the
                     same data (default: ${DEFAULT_DEMO_SEED})

Adds three entities (NL01 Dutch B.V. in EUR, UK01 UK Ltd in GBP, DE01 German
GmbH in EUR) with Dutch, English and German debtors, companies and consumers,
and imports their invoices, credit notes and payments through the CSV
importer. A few overdue invoices are put on hold. The organisation must have
no entities yet. The organisation goes live, so that dunning runs write
message batches: the demo data is there to try the product.`,
  options: {
    date: { type: 'string' },
    seed: { type: 'string' },
  },
  async run(context, values) {
    const referenceDate = optionalOption(values, 'date');
    if (referenceDate !== undefined && !isPlainDate(referenceDate)) {
      throw new AppError(
        'invalid_arguments',
        `--date "${referenceDate}" is not a valid date; use YYYY-MM-DD, such as 2025-06-30.`,
      );
    }
    const seedText = optionalOption(values, 'seed');
    if (seedText !== undefined && !/^\d{1,9}$/.test(seedText)) {
      throw new AppError(
        'invalid_arguments',
        `--seed "${seedText}" is not a whole number; use 0 to 999999999.`,
      );
    }
    const database = await context.database();
    const organisationId = await context.organisationId();

    const summary = await loadDemoData(database, {
      organisationId,
      actor: context.actor,
      ...(referenceDate === undefined ? {} : { referenceDate }),
      ...(seedText === undefined ? {} : { seed: Number(seedText) }),
    });
    await withOrganisation(database, organisationId, (trx) =>
      makeLiveForDemo(trx, { organisationId, actor: context.actor }),
    );
    const date = summary.referenceDate;
    const firstEntity = summary.entityCodes[0] ?? 'NL01';

    return {
      json: summary,
      text: [
        `Loaded the demo data up to ${date}: ${summary.entities} entities (${summary.entityCodes.join(', ')}), ${summary.debtors} debtors, ${summary.invoices} invoices and credit notes, ${summary.payments} payments, ${summary.holds} invoices on hold, ${summary.processes} business processes with ${summary.issueCategories} issue categories, and ${summary.issues} issues in ${firstEntity}.`,
        '',
        'Next:',
        `  collecta report ageing --entity ${firstEntity} --date ${date}`,
        `  collecta dunning run --entity ${firstEntity} --date ${date}`,
        '  npm start     then open the web app and review the message batches',
      ].join('\n'),
    };
  },
};
