import { sql } from 'kysely';
import {
  loadDueInstalments,
  planInstalmentReminders,
  type PlannedInstalmentReminder,
} from '../arrangements/plan-instalment-reminders.ts';
import { explainNonSendingDay } from '../calendar/explain-non-sending-day.ts';
import { loadSendingCalendar, type SendingCalendar } from '../calendar/sending-days.ts';
import type { Executor } from '../db/database.ts';
import type { Channel, Entity } from '../db/schema.ts';
import { addDays, isoWeekday, isPlainDate, type PlainDate } from '../dates/plain-date.ts';
import { AppError } from '../errors.ts';
import type { PlannedAction, ReachedStep } from './dunning-types.ts';
import { loadDunningInput, type DebtorForRun, type DunningInput } from './load-dunning-input.ts';
import { planDunningRun } from './plan-dunning-run.ts';

/** The channels a forecast counts, in the order the API, the command and the page show them. */
export const FORECAST_CHANNELS = [
  'email',
  'letter',
  'sms',
  'call',
  'fax',
  'handover',
] as const satisfies readonly Channel[];

/** Number of forecast days when the caller gives none, and the allowed range. */
export const FORECAST_DAYS = { default: 30, min: 1, max: 90 } as const;

/** Messages per channel; `call` counts call tasks. */
export type ChannelCounts = Record<Channel, number>;

/**
 * Messages per channel, instalment reminders included, and how many of the
 * e-mails and letters are instalment reminders of payment arrangements.
 */
export interface ForecastCounts extends ChannelCounts {
  instalmentReminders: number;
}

/**
 * Why a forecast day creates nothing: not a working day (such as a
 * weekend), a public holiday or a closing day of the entity. `reason` is the
 * same text a dunning run on that day stores.
 */
export interface ForecastNonSendingDay {
  kind: 'not_working_day' | 'public_holiday' | 'closing_day';
  reason: string;
  nextSendingDay: PlainDate;
}

export interface ForecastDay extends ForecastCounts {
  date: PlainDate;
  /** Present when the day is no sending day of the entity; its counts are then zero. */
  notSendingDay?: ForecastNonSendingDay;
}

export interface DunningForecast {
  from: PlainDate;
  /** One entry per day from `from` on, zero days included. */
  days: ForecastDay[];
  totals: ForecastCounts;
}

export interface ForecastParams {
  entityId: string;
  /** The first forecast day. */
  from: PlainDate;
  /** Number of days, FORECAST_DAYS.min to FORECAST_DAYS.max. */
  days: number;
  /** Forecast runs that remind invoices on hold too; default false, as the scheduler runs. */
  includeOnHold?: boolean | undefined;
}

/** The rows the earlier forecast days' runs would have written, as later runs would read them. */
interface Simulation {
  /** Steps reached on earlier forecast days, by invoice id. */
  reached: Map<string, ReachedStep[]>;
  /** Debtors contacted on each earlier forecast day, one entry per message or call task. */
  contacts: Array<{ date: PlainDate; debtorIds: string[] }>;
  /** Instalments reminded on earlier forecast days. */
  remindedInstalments: Set<string>;
}

/**
 * Forecasts the messages and call tasks that the dunning runs of `days`
 * days from `from` would create, per day and channel (after the letter
 * fallback), instalment reminders of payment arrangements included. Each
 * day is planned as runDunning plans it: the run's input is read for that
 * day, and the steps reached, instalments reminded and contacts made by the
 * earlier forecast days are added as if those runs had been written. So the
 * forecast of a day equals what that day's run creates when nothing else
 * changes. Nothing is written: the caller's transaction becomes read-only.
 * NOTE: contacts of related debtors (same chamber of commerce or VAT
 * number) in other entities count only as far as they are stored. The
 * future runs of other entities are not simulated, and neither are the
 * scheduled jobs between runs: a promise to pay whose date passes stays
 * open, and segments are not evaluated again. Arrangements are not
 * evaluated either, so an instalment missed inside the forecast breaks no
 * arrangement: its invoices stay held and its later instalments are still
 * reminded.
 * TODO: each sending day reads the whole run input again. On the
 * benchmark's 100,000 invoices, 30 days took 111 s on PGlite and 60 s on
 * PostgreSQL, measured with the machine's 2 cores at a load average of 10
 * to 19. PGlite serves no other request meanwhile. Reading debtors, contacts and profiles once needs
 * loadDunningInput split into a part that depends on the date and one that
 * does not.
 */
export async function forecastDunning(
  executor: Executor,
  params: ForecastParams,
): Promise<DunningForecast> {
  checkForecastParams(params);
  await sql`set transaction read only`.execute(executor);
  const entity = await loadEntity(executor, params.entityId);
  const calendar = await loadSendingCalendar(executor, {
    organisationId: entity.organisation_id,
    entityId: entity.id,
  });
  const relatedDebtors = await loadRelatedDebtors(executor, entity.id);
  const simulation: Simulation = {
    reached: new Map(),
    contacts: [],
    remindedInstalments: new Set(),
  };

  const days: ForecastDay[] = [];
  for (let index = 0; index < params.days; index += 1) {
    const date = addDays(params.from, index);
    const nonSendingDay = describeNonSendingDay(calendar, date);
    if (nonSendingDay) {
      days.push({ date, ...zeroCounts(), notSendingDay: nonSendingDay });
      continue;
    }
    const input = await loadDunningInput(executor, {
      entityId: entity.id,
      asOf: date,
      includeOnHold: params.includeOnHold,
    });
    const plan = planDunningRun(withSimulation(input, simulation, relatedDebtors));
    const reminders = await planSimulatedInstalmentReminders(executor, {
      entityId: entity.id,
      asOf: date,
      debtors: input.debtors,
      simulation,
    });
    recordSimulatedRun(simulation, date, plan.actions, reminders);
    days.push({
      date,
      ...countByChannel([...plan.actions, ...reminders]),
      instalmentReminders: reminders.length,
    });
  }

  return { from: params.from, days, totals: sumDays(days) };
}

/** Rejects a start date that is no YYYY-MM-DD date and a number of days outside the range. */
function checkForecastParams(params: ForecastParams): void {
  if (!isPlainDate(params.from)) {
    throw new AppError(
      'invalid_input',
      `Forecast start date "${params.from}" is not a valid date; use YYYY-MM-DD.`,
    );
  }
  const { min, max } = FORECAST_DAYS;
  if (!Number.isInteger(params.days) || params.days < min || params.days > max) {
    throw new AppError(
      'invalid_input',
      `Forecast days ${params.days} is out of range; use a whole number from ${min} to ${max}.`,
    );
  }
}

async function loadEntity(executor: Executor, entityId: string): Promise<Entity> {
  const entity = await executor
    .selectFrom('entities')
    .selectAll()
    .where('id', '=', entityId)
    .executeTakeFirst();
  if (!entity) {
    throw new AppError('not_found', `Entity ${entityId} does not exist.`);
  }

  return entity;
}

/**
 * Explains why `date` is no sending day, as planDunningRun does, with the
 * kind of day for the page: a day off the working days comes first, then a
 * closing day of the entity, then a public holiday. Null on a sending day.
 */
export function describeNonSendingDay(
  calendar: SendingCalendar,
  date: PlainDate,
): ForecastNonSendingDay | null {
  const explained = explainNonSendingDay(calendar, date);
  if (!explained) {
    return null;
  }
  let kind: ForecastNonSendingDay['kind'] = 'public_holiday';
  if (!calendar.workingDays.includes(isoWeekday(date))) {
    kind = 'not_working_day';
  } else if (calendar.closingDays.has(date)) {
    kind = 'closing_day';
  }

  return { kind, ...explained };
}

/**
 * Groups the entity's debtors that share a chamber of commerce or VAT
 * number, compared as loadContactCounts compares them (without spaces and
 * dots, case-insensitive). Returns, per debtor with such a number, the
 * debtors whose contacts count towards its weekly limit, itself included.
 * Debtors without a shared number are absent: only their own contacts count.
 */
async function loadRelatedDebtors(
  executor: Executor,
  entityId: string,
): Promise<Map<string, string[]>> {
  const result = await sql<{ id: string; coc: string | null; vat: string | null }>`
    select id,
      nullif(upper(regexp_replace(coc_number, '[\\s.]', '', 'g')), '') as coc,
      nullif(upper(regexp_replace(vat_number, '[\\s.]', '', 'g')), '') as vat
    from debtors
    where entity_id = ${entityId} and (coc_number is not null or vat_number is not null)
  `.execute(executor);

  const byNumber = new Map<string, string[]>();
  for (const row of result.rows) {
    for (const key of [row.coc && `coc:${row.coc}`, row.vat && `vat:${row.vat}`]) {
      if (key) {
        byNumber.set(key, [...(byNumber.get(key) ?? []), row.id]);
      }
    }
  }
  const related = new Map<string, Set<string>>();
  for (const group of byNumber.values()) {
    for (const id of group) {
      const set = related.get(id) ?? new Set([id]);
      group.forEach((other) => set.add(other));
      related.set(id, set);
    }
  }

  return new Map([...related].map(([id, set]) => [id, [...set]]));
}

/**
 * Returns the input with the earlier forecast days' runs added: the steps
 * their actions reached, and their contacts in the 7 days up to the run date
 * for each debtor they count for (see loadRelatedDebtors).
 */
function withSimulation(
  input: DunningInput,
  simulation: Simulation,
  relatedDebtors: ReadonlyMap<string, readonly string[]>,
): DunningInput {
  const reached = new Map(input.reached);
  for (const [invoiceId, steps] of simulation.reached) {
    reached.set(invoiceId, [...(reached.get(invoiceId) ?? []), ...steps]);
  }

  const contactCounts = new Map(input.contactCounts);
  const windowStart = addDays(input.asOf, -6);
  for (const day of simulation.contacts) {
    if (day.date < windowStart || day.date > input.asOf) {
      continue;
    }
    for (const debtorId of day.debtorIds) {
      for (const counted of relatedDebtors.get(debtorId) ?? [debtorId]) {
        contactCounts.set(counted, (contactCounts.get(counted) ?? 0) + 1);
      }
    }
  }

  return { ...input, reached, contactCounts };
}

/**
 * Plans the instalment reminders that the run of a sending day makes after
 * its step messages, as writeInstalmentReminders plans them, leaving out
 * the instalments that an earlier forecast day reminded already.
 */
async function planSimulatedInstalmentReminders(
  executor: Executor,
  params: {
    entityId: string;
    asOf: PlainDate;
    debtors: ReadonlyMap<string, DebtorForRun>;
    simulation: Simulation;
  },
): Promise<PlannedInstalmentReminder[]> {
  const due = await loadDueInstalments(executor, params);
  const instalments = due.filter(
    (instalment) => !params.simulation.remindedInstalments.has(instalment.id),
  );

  return planInstalmentReminders({ ...params, instalments });
}

/**
 * Records a forecast day's run as written: each invoice reaches its step,
 * each instalment is reminded, and each action and reminder is a contact.
 */
function recordSimulatedRun(
  simulation: Simulation,
  date: PlainDate,
  actions: readonly PlannedAction[],
  reminders: readonly PlannedInstalmentReminder[],
): void {
  for (const action of actions) {
    for (const invoiceId of action.invoiceIds) {
      const steps = simulation.reached.get(invoiceId) ?? [];
      steps.push({ stepId: action.step.id, dayOffset: action.step.dayOffset, reachedOn: date });
      simulation.reached.set(invoiceId, steps);
    }
  }
  for (const reminder of reminders) {
    simulation.remindedInstalments.add(reminder.instalment.id);
  }
  simulation.contacts.push({
    date,
    debtorIds: [
      ...actions.map((action) => action.debtorId),
      ...reminders.map((reminder) => reminder.instalment.debtorId),
    ],
  });
}

function zeroCounts(): ForecastCounts {
  return { email: 0, letter: 0, sms: 0, call: 0, fax: 0, handover: 0, instalmentReminders: 0 };
}

/** Counts actions per channel after the letter fallback; "call" counts call tasks. */
export function countByChannel(actions: readonly Pick<PlannedAction, 'channel'>[]): ChannelCounts {
  const counts: ChannelCounts = { email: 0, letter: 0, sms: 0, call: 0, fax: 0, handover: 0 };
  for (const action of actions) {
    counts[action.channel] += 1;
  }

  return counts;
}

function sumDays(days: readonly ForecastCounts[]): ForecastCounts {
  const totals = zeroCounts();
  for (const day of days) {
    for (const channel of FORECAST_CHANNELS) {
      totals[channel] += day[channel];
    }
    totals.instalmentReminders += day.instalmentReminders;
  }

  return totals;
}
