import { dateInTimeZone, isPlainDate } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import { computeAgeing } from '../../reports/ageing.ts';
import { formatAgeingJson, formatAgeingText } from '../../reports/format-ageing.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';

export const reportAgeingCommand: CommandDefinition = {
  path: ['report', 'ageing'],
  summary: 'Show open amounts by days past due, per currency',
  usage: 'collecta report ageing --entity CODE [--date YYYY-MM-DD] [--json]',
  help: `Options:
  --entity CODE      entity whose open invoices and credit notes are reported
  --date YYYY-MM-DD  as-of date; payments dated later are ignored
                     (default: today in the entity's time zone)

Buckets by days past due (as-of date minus due date): current (0 or less),
1-30, 31-60, 61-90 and 91+, each including its upper edge. Open credit notes
and negative open amounts are listed as credits, outside the buckets.
--json prints an array with one object per currency, sorted by currency.`,
  options: {
    entity: { type: 'string' },
    date: { type: 'string' },
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
    const database = await context.database();
    const organisationId = await context.organisationId();

    const { reports, asOf } = await withOrganisation(database, organisationId, async (trx) => {
      const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
      const date = requestedDate ?? dateInTimeZone(new Date(), entity.time_zone);
      return { asOf: date, reports: await computeAgeing(trx, { entityId: entity.id, asOf: date }) };
    });

    return {
      json: formatAgeingJson(reports),
      text: formatAgeingText(reports, { entityCode, date: asOf }),
    };
  },
};
