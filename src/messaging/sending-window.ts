import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { withOrganisation } from '../db/tenant.ts';
import { addDays, dateInTimeZone, type PlainDate } from '../dates/plain-date.ts';

/** An entity's local sending hours: HH:MM, start inclusive and end exclusive; 24:00 is midnight. */
export interface SendingWindow {
  start: string;
  end: string;
  /** IANA time zone of the entity, such as Europe/Amsterdam. */
  timeZone: string;
}

/** Channels that reach the debtor at once and so wait for the sending window; letters do not. */
const WINDOWED_CHANNELS: ReadonlySet<string> = new Set(['email', 'sms']);

/** Returns the local time of day at `instant` in `timeZone` as HH:MM on the 24-hour clock. */
function timeInTimeZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '00';

  return `${part('hour')}:${part('minute')}`;
}

/** Returns whether `now` falls inside the window, in the window's time zone. */
export function isInsideSendingWindow(window: SendingWindow, now: Date): boolean {
  const time = timeInTimeZone(now, window.timeZone);

  return time >= window.start && time < window.end;
}

/**
 * Returns the instant of `date` at local `time` (HH:MM) in `timeZone`. A
 * local time that does not exist (skipped by a change to summer time) gives
 * the instant one hour later.
 */
export function instantAtLocalTime(date: PlainDate, time: string, timeZone: string): Date {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  const [hour = 0, minute = 0] = time.split(':').map(Number);
  const localAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Two corrections by the zone's offset settle on the right side of an offset change.
  let instant = localAsUtc;
  for (let pass = 0; pass < 2; pass += 1) {
    instant = localAsUtc - offsetMs(new Date(instant), timeZone);
  }

  return new Date(instant);
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );

  return local - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * Returns when the window next opens after `now`: today's start when `now`
 * is before it, else tomorrow's start (local dates in the window's zone).
 */
export function nextWindowOpening(window: SendingWindow, now: Date): Date {
  const today = dateInTimeZone(now, window.timeZone);
  const time = timeInTimeZone(now, window.timeZone);
  const date = time < window.start ? today : addDays(today, 1);

  return instantAtLocalTime(date, window.start, window.timeZone);
}

/**
 * Splits approved messages into those that may go out at `now` and those
 * that wait for their entity's sending window: e-mails and SMS messages of
 * an entity with a window, outside it. Letters and messages of entities
 * without a window always go. `resumeAt` is the earliest window opening
 * among the waiting messages, or null when none waits.
 */
export async function splitBySendingWindow<Message extends { id: string; channel: string }>(
  database: DatabaseHandle,
  params: { organisationId: string; messages: readonly Message[]; now: Date },
): Promise<{ sendable: Message[]; deferred: Message[]; resumeAt: Date | null }> {
  const windowed = params.messages.filter((message) => WINDOWED_CHANNELS.has(message.channel));
  if (windowed.length === 0) {
    return { sendable: [...params.messages], deferred: [], resumeAt: null };
  }
  const ids = windowed.map((message) => message.id);
  const rows = await withOrganisation(database, params.organisationId, (trx) =>
    trx
      .selectFrom('messages as m')
      .innerJoin('entities as e', 'e.id', 'm.entity_id')
      .select(['m.id', 'e.sending_window_start', 'e.sending_window_end', 'e.time_zone'])
      .where('m.id', '=', sql<string>`any(${ids}::uuid[])`)
      .where('e.sending_window_start', 'is not', null)
      .execute(),
  );

  let resumeAt: Date | null = null;
  const waiting = new Set<string>();
  for (const row of rows) {
    if (row.sending_window_start === null || row.sending_window_end === null) {
      continue;
    }
    const window = {
      start: row.sending_window_start,
      end: row.sending_window_end,
      timeZone: row.time_zone,
    };
    if (isInsideSendingWindow(window, params.now)) {
      continue;
    }
    waiting.add(row.id);
    const opening = nextWindowOpening(window, params.now);
    if (resumeAt === null || opening < resumeAt) {
      resumeAt = opening;
    }
  }

  return {
    sendable: params.messages.filter((message) => !waiting.has(message.id)),
    deferred: params.messages.filter((message) => waiting.has(message.id)),
    resumeAt,
  };
}
