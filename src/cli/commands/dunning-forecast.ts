import { BUSINESS_DATE_RANGE, isoWeekday } from '../../dates/plain-date.ts';
import { withOrganisation } from '../../db/tenant.ts';
import {
  FORECAST_CHANNELS,
  FORECAST_DAYS,
  forecastDunning,
  type ChannelCounts,
  type DunningForecast,
  type ForecastCounts,
} from '../../dunning/forecast-dunning.ts';
import { todayForEntity } from '../../dunning/today-for-entity.ts';
import { findEntityByCode } from '../../entities/add-entity.ts';
import { AppError } from '../../errors.ts';
import { optionalOption, requireOption, type CommandDefinition } from '../command.ts';
import { parseRunDate } from './dunning-run.ts';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Column headings of the text table, per channel. */
const CHANNEL_HEADINGS: Record<keyof ChannelCounts, string> = {
  email: 'e-mail',
  letter: 'letter',
  sms: 'SMS',
  call: 'call',
  fax: 'fax',
  handover: 'handover',
};

export const dunningForecastCommand: CommandDefinition = {
  path: ['dunning', 'forecast'],
  summary: 'Show what the dunning runs of the next days would create, per day and channel',
  usage: 'collecta dunning forecast --entity CODE [--date YYYY-MM-DD] [--days N] [--json]',
  help: `Options:
  --entity CODE      entity whose dunning runs are forecast
  --date YYYY-MM-DD  first forecast day, from ${BUSINESS_DATE_RANGE.first} to ${BUSINESS_DATE_RANGE.last}
                     (default: today in the entity's time zone)
  --days N           number of days, ${FORECAST_DAYS.min} to ${FORECAST_DAYS.max} (default ${FORECAST_DAYS.default})

Each day is forecast as its dunning run would go if the runs of the earlier
days had been made and nothing else changed: no payments, imports or holds
in between. Messages count per channel after the letter fallback; "call"
counts call tasks. The e-mails and letters include the instalment reminders
of payment arrangements, which the last column counts apart. A day that is
no sending day of the entity creates nothing; the text output gives the
reason. Nothing is written or sent.
--json prints {"days": [{"date", "email", "letter", "sms", "call", "fax",
"handover", "instalmentReminders"}]}, one entry for every day from --date
on, days with nothing included.`,
  options: {
    entity: { type: 'string' },
    date: { type: 'string' },
    days: { type: 'string' },
  },
  async run(context, values) {
    const entityCode = requireOption(values, 'entity');
    const requestedDate = parseRunDate(optionalOption(values, 'date'));
    const days = parseDays(optionalOption(values, 'days'));
    const database = await context.database();
    const organisationId = await context.organisationId();

    const forecast = await withOrganisation(database, organisationId, async (trx) => {
      const entity = await findEntityByCode(trx, { organisationId, code: entityCode });
      return forecastDunning(trx, {
        entityId: entity.id,
        from: requestedDate ?? todayForEntity(entity, new Date()),
        days,
      });
    });

    return {
      json: { days: forecast.days.map(countsOnly) },
      text: formatForecast(forecast, { entityCode }),
    };
  },
};

/** Parses --days: a whole number in FORECAST_DAYS' range, or the default when absent. */
function parseDays(value: string | undefined): number {
  if (value === undefined) {
    return FORECAST_DAYS.default;
  }
  const { min, max } = FORECAST_DAYS;
  const days = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(days) || days < min || days > max) {
    throw new AppError(
      'invalid_arguments',
      `--days "${value}" is not a number of days from ${min} to ${max}; use a whole number, such as --days 30.`,
    );
  }

  return days;
}

/** Drops the reason of a day without sending, which leaves the --json shape of a day. */
function countsOnly(day: DunningForecast['days'][number]): { date: string } & ForecastCounts {
  return {
    date: day.date,
    ...(Object.fromEntries(
      FORECAST_CHANNELS.map((channel) => [channel, day[channel]]),
    ) as ChannelCounts),
    instalmentReminders: day.instalmentReminders,
  };
}

/**
 * Formats a table with a line per day, a column per channel, the day's
 * total and the instalment reminders among its messages, the totals last.
 */
function formatForecast(forecast: DunningForecast, options: { entityCode: string }): string {
  const headings = [
    'date',
    'day',
    ...FORECAST_CHANNELS.map((c) => CHANNEL_HEADINGS[c]),
    'total',
    'instalment reminders',
  ];
  const widths = headings.map((heading, index) => Math.max(heading.length, index === 0 ? 10 : 3));
  const row = (cells: string[]) =>
    cells
      .map((cell, index) =>
        index < 2 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const numbers = (counts: ForecastCounts) => {
    const values = FORECAST_CHANNELS.map((channel) => counts[channel]);
    const total = values.reduce((sum, value) => sum + value, 0);
    return [...values, total, counts.instalmentReminders].map(String);
  };

  const lines = [
    `Dunning forecast for ${options.entityCode}, ${forecast.days.length} days from ${forecast.from} (nothing written):`,
    row(headings),
  ];
  for (const day of forecast.days) {
    const weekday = WEEKDAYS[isoWeekday(day.date) - 1] ?? '';
    lines.push(
      day.notSendingDay
        ? `${row([day.date, weekday])}  no sending day: ${day.notSendingDay.reason}`
        : row([day.date, weekday, ...numbers(day)]),
    );
  }
  lines.push(row(['total', '', ...numbers(forecast.totals)]));

  return lines.join('\n');
}
